package city.citywatch.ingest.clip;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.FfmpegErrors;
import city.citywatch.ingest.media.NativeCopies;
import city.citywatch.ingest.media.StreamInfo;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * Writes buffered packets into an MP4 file as they are (no re-encoding): timestamps rebased so the clip starts
 * at 0, {@code movflags=+faststart} so the index comes first and the clip plays while it downloads. The file
 * appears under its final name only when complete (written beside it, then moved).
 */
public final class Mp4Remuxer {

    private Mp4Remuxer() {
    }

    /** What was written. */
    public record Written(Path file, int packets, long durationMicros, long bytes) {
    }

    /**
     * @param packets one connection's packets in decoding order, starting with a key frame
     * @throws IOException if FFmpeg or the file system refuses; the message names the step and FFmpeg's error
     */
    public static Written write(List<EncodedPacket> packets, Path target) throws IOException {
        if (packets.isEmpty()) throw new IllegalArgumentException("no packets to write to " + target);
        if (!packets.get(0).key()) throw new IllegalArgumentException("a clip must start with a key frame");
        StreamInfo info = packets.get(0).stream();
        for (EncodedPacket p : packets) {
            if (p.stream().connection() != info.connection()) {
                throw new IllegalArgumentException("packets of connections " + info.connection() + " and "
                        + p.stream().connection() + " cannot go into one clip");
            }
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        Written muxed;
        try {
            muxed = mux(packets, info, partial);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Written(absolute, muxed.packets(), muxed.durationMicros(), muxed.bytes());
    }

    /** Writes {@code file} completely (closed when this returns). */
    private static Written mux(List<EncodedPacket> packets, StreamInfo info, Path file) throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, "mp4", file.toString()), "allocating the MP4 muxer");
        AVPacket pkt = av_packet_alloc();
        AVDictionary options = new AVDictionary(null);
        boolean opened = false;
        int written = 0;
        long end = 0;
        try {
            AVStream st = avformat_new_stream(oc, null);
            if (st == null) throw new IOException("avformat_new_stream failed");
            AVCodecParameters par = st.codecpar();
            par.codec_type(AVMEDIA_TYPE_VIDEO);
            par.codec_id(info.codecId());
            par.width(info.width());
            par.height(info.height());
            par.codec_tag(0);
            NativeCopies.attachExtradata(info.extradata(), par::extradata, par::extradata_size);
            AVRational inTb = av_make_q(info.timeBaseNum(), info.timeBaseDen());
            st.time_base(inTb);

            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "opening " + file);
            oc.pb(pb);
            opened = true;
            av_dict_set(options, "movflags", "+faststart", 0);
            check(avformat_write_header(oc, options), "writing the MP4 header");
            AVRational outTb = st.time_base(); // the muxer picks its own time scale in write_header

            long origin = packets.get(0).dts();
            long lastDts = Long.MIN_VALUE;
            for (int i = 0; i < packets.size(); i++) {
                EncodedPacket p = packets.get(i);
                long dts = p.dts() - origin;
                long pts = Math.max(p.pts() - origin, dts);
                // MP4 needs strictly increasing decoding times; a duplicate (repaired or broken timestamp) is dropped
                if (dts <= lastDts) continue;
                long duration = i + 1 < packets.size() ? packets.get(i + 1).dts() - p.dts() : info.frameDuration();
                if (duration <= 0) duration = info.frameDuration();
                check(NativeCopies.fill(pkt, p), "allocating a packet");
                pkt.pts(pts); // the clip's own timeline, not the camera's
                pkt.dts(dts);
                pkt.duration(duration);
                pkt.stream_index(0);
                av_packet_rescale_ts(pkt, inTb, outTb);
                int ret = av_interleaved_write_frame(oc, pkt); // takes the packet's reference, even on error
                av_packet_unref(pkt);
                check(ret, "writing packet " + i);
                lastDts = dts;
                end = Math.max(end, pts + duration);
                written++;
            }
            check(av_write_trailer(oc), "writing the MP4 index");
        } finally {
            av_dict_free(options);
            av_packet_free(pkt);
            if (opened) {
                avio_closep(oc.pb());
                oc.pb(null);
            }
            avformat_free_context(oc);
        }
        return new Written(file, written, info.toMicros(end), Files.size(file));
    }

    private static void check(int ret, String step) throws IOException {
        if (ret < 0) {
            throw new IOException(step + " failed: " + FfmpegErrors.describe(ret)
                    + " (FFmpeg error " + ret + ")");
        }
    }
}
