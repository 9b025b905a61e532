package city.citywatch.ingest.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

/**
 * Copies of garbage-collected bytes into memory that FFmpeg owns, for the decoder and the MP4 remuxer alike.
 * Kept in one place because who frees what differs per copy and a slip leaks native memory or frees it twice.
 */
public final class NativeCopies {
    private NativeCopies() {
    }

    /**
     * Gives {@code target} a new reference-counted buffer holding the packet's bytes, its pts/dts and its key
     * flag. Exists because an {@link EncodedPacket} lives on the Java heap while FFmpeg's packet functions
     * want a buffer they can reference-count and release themselves.
     *
     * @return {@code av_new_packet}'s result: negative is FFmpeg's error code and nothing was allocated. On
     *         success the caller holds the buffer's reference and must {@code av_packet_unref} it (or pass it to a
     *         call that takes it) before filling {@code target} again; if the copy fails, it is released here
     */
    public static int fill(AVPacket target, EncodedPacket source) {
        int allocated = av_new_packet(target, source.size());
        if (allocated < 0) return allocated;
        try {
            target.data().capacity(source.size()).put(source.data());
        } catch (RuntimeException | Error e) {
            av_packet_unref(target);
            throw e;
        }
        target.pts(source.pts());
        target.dts(source.dts());
        target.flags(source.key() ? AV_PKT_FLAG_KEY : 0);
        return allocated;
    }

    /**
     * Hands a codec's extradata (SPS/PPS and the like) to an {@code AVCodecParameters} or {@code AVCodecContext}
     * through its two setters; does nothing for an empty array. Exists because FFmpeg frees extradata itself
     * with {@code av_free} when it frees the parameters or context: the copy must come from {@code av_mallocz},
     * zero-padded by {@code AV_INPUT_BUFFER_PADDING_SIZE} as FFmpeg's readers require, and the pointer carries
     * no JavaCPP deallocator so the garbage collector never frees it a second time.
     */
    public static void attachExtradata(byte[] extradata, Consumer<BytePointer> pointer, IntConsumer size) {
        if (extradata.length == 0) return;
        BytePointer copy = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
        copy.capacity(extradata.length).put(extradata);
        pointer.accept(copy);
        size.accept(extradata.length);
    }
}
