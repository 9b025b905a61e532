package city.citywatch.ingest.decode;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.FfmpegErrors;
import city.citywatch.ingest.media.NativeCopies;
import city.citywatch.ingest.media.StreamInfo;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * One FFmpeg video decoder, fed with {@link EncodedPacket}s. In key-frame mode it runs with
 * {@code skip_frame=AVDISCARD_NONKEY} and low delay (a picture comes out for the packet that went in), and the
 * caller sends key packets only. Single-threaded: one decoder thread per camera is what lets a node carry many.
 */
final class PictureDecoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PictureDecoder.class);
    private static final int EAGAIN = -11;
    /** A stream the decoder keeps rejecting fails on every packet: log the first failure, then one in this many. */
    private static final long LOG_EVERY = 100;

    private final String cameraId;
    private final String codecName;
    private final boolean keyFramesOnly;
    private AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private long errors;

    PictureDecoder(String cameraId, StreamInfo stream, boolean keyFramesOnly) {
        this.cameraId = cameraId;
        this.codecName = stream.codecName();
        this.keyFramesOnly = keyFramesOnly;
        AVCodec codec = avcodec_find_decoder(stream.codecId());
        if (codec == null) throw new IllegalStateException("FFmpeg has no decoder for " + stream.codecName());
        context = avcodec_alloc_context3(codec);
        context.width(stream.width());
        context.height(stream.height());
        context.pkt_timebase(av_make_q(stream.timeBaseNum(), stream.timeBaseDen()));
        context.thread_count(1);
        NativeCopies.attachExtradata(stream.extradata(), context::extradata, context::extradata_size);
        if (keyFramesOnly) {
            context.skip_frame(AVDISCARD_NONKEY);
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        }
        int ret = avcodec_open2(context, codec, (AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("cannot open the " + stream.codecName() + " decoder (FFmpeg error " + ret + ")");
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    boolean keyFramesOnly() {
        return keyFramesOnly;
    }

    /** Decodes one packet; {@code pictures} sees each picture that comes out, valid only during the call. */
    void decode(EncodedPacket p, Consumer<AVFrame> pictures) {
        int allocated = NativeCopies.fill(packet, p);
        if (allocated < 0) {
            // a RuntimeException, not an Error: the worker drops this connection and reconnects
            throw new IllegalStateException("cannot allocate a packet of " + p.size() + " bytes for the "
                    + codecName + " decoder: " + FfmpegErrors.describe(allocated));
        }
        try {
            int sent = avcodec_send_packet(context, packet);
            if (sent < 0) {
                failed("rejected a packet", sent);
                return;
            }
        } finally {
            av_packet_unref(packet);
        }
        while (true) {
            int ret = avcodec_receive_frame(context, frame);
            if (ret == EAGAIN) return;
            if (ret < 0) {
                failed("could not decode a picture", ret);
                return;
            }
            try {
                pictures.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /**
     * Corrupt or incomplete packets are skipped, not fatal; but a stream the decoder always rejects stays ONLINE
     * and delivers no frame, so say so where an operator looks.
     */
    private void failed(String what, int ret) {
        if (errors++ % LOG_EVERY == 0) {
            log.warn("camera {}: the {} decoder {} ({}); {} decoding failure(s) on this connection so far, frames are"
                    + " missing for analysis while this goes on", cameraId, codecName, what, FfmpegErrors.describe(ret), errors);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
            av_packet_free(packet);
            av_frame_free(frame);
        }
    }
}
