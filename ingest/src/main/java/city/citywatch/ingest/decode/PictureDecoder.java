package city.citywatch.ingest.decode;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

import java.util.function.Consumer;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
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
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

/**
 * One FFmpeg video decoder, fed with {@link EncodedPacket}s. In key-frame mode it runs with
 * {@code skip_frame=AVDISCARD_NONKEY} and low delay (a picture comes out for the packet that went in), and the
 * caller sends key packets only. Single-threaded: one decoder thread per camera is what lets a node carry many.
 */
final class PictureDecoder implements AutoCloseable {
    private static final int EAGAIN = -11;

    private final boolean keyFramesOnly;
    private AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private long errors;

    PictureDecoder(StreamInfo stream, boolean keyFramesOnly) {
        this.keyFramesOnly = keyFramesOnly;
        AVCodec codec = avcodec_find_decoder(stream.codecId());
        if (codec == null) throw new IllegalStateException("FFmpeg has no decoder for " + stream.codecName());
        context = avcodec_alloc_context3(codec);
        context.width(stream.width());
        context.height(stream.height());
        context.pkt_timebase(av_make_q(stream.timeBaseNum(), stream.timeBaseDen()));
        context.thread_count(1);
        byte[] extradata = stream.extradata();
        if (extradata.length > 0) {
            BytePointer ed = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            ed.capacity(extradata.length).put(extradata);
            context.extradata(ed);
            context.extradata_size(extradata.length);
        }
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

    /** Pictures that failed to decode so far (corrupt or incomplete packets are skipped, not fatal). */
    long errors() {
        return errors;
    }

    /** Decodes one packet; {@code pictures} sees each picture that comes out, valid only during the call. */
    void decode(EncodedPacket p, Consumer<AVFrame> pictures) {
        if (av_new_packet(packet, p.size()) < 0) throw new OutOfMemoryError("av_new_packet(" + p.size() + ")");
        try {
            packet.data().capacity(p.size()).put(p.data());
            packet.pts(p.pts());
            packet.dts(p.dts());
            packet.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
            if (avcodec_send_packet(context, packet) < 0) {
                errors++;
                return;
            }
        } finally {
            av_packet_unref(packet);
        }
        while (true) {
            int ret = avcodec_receive_frame(context, frame);
            if (ret == EAGAIN) return;
            if (ret < 0) {
                errors++;
                return;
            }
            try {
                pictures.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
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
