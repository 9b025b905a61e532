package city.citywatch.ingest.rtsp;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deadline for every blocking FFmpeg call on one demuxer, enforced through FFmpeg's {@code AVIOInterruptCB}:
 * FFmpeg polls the callback while it waits on the network (connect, RTSP replies, reads, the TEARDOWN on close) and
 * gives up with {@code AVERROR_EXIT} once it answers 1. The socket timeout alone cannot catch a camera that keeps
 * its session alive (RTCP, keep-alive replies) but sends no video, nor cut an open or a close short.
 * <p>
 * One native callback serves all demuxers: JavaCPP has a small fixed number of slots for Java callbacks, so each
 * demuxer's {@code opaque} is a one-byte native allocation whose address keys its deadline here.
 * The owner thread moves the deadline; {@link #expireNow()} may be called from any thread.
 */
final class IoDeadline implements AutoCloseable {
    private static final Map<Long, IoDeadline> LIVE = new ConcurrentHashMap<>();
    private static final Interrupt CALLBACK = new Interrupt();

    private final BytePointer token = new BytePointer(1);
    private volatile long deadlineNanos = System.nanoTime() + java.util.concurrent.TimeUnit.DAYS.toNanos(1);
    private volatile boolean expired;

    IoDeadline() {
        LIVE.put(token.address(), this);
    }

    /** Makes the demuxer's blocking calls consult this deadline. Before {@code avformat_open_input}. */
    void install(AVFormatContext context) {
        AVIOInterruptCB cb = context.interrupt_callback();
        cb.callback(CALLBACK);
        cb.opaque(token);
    }

    /** Blocking calls from now on give up at {@code now + nanos} (unless {@link #expireNow()} was called). */
    void expireIn(long nanos) {
        deadlineNanos = System.nanoTime() + nanos;
    }

    /** Every blocking call gives up at once, now and from now on. Any thread. */
    void expireNow() {
        expired = true;
    }

    boolean isExpiredNow() {
        return expired;
    }

    boolean passed() {
        return expired || System.nanoTime() - deadlineNanos > 0;
    }

    @Override
    public void close() {
        LIVE.remove(token.address());
        token.close();
    }

    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        Interrupt() {
            super(); // allocates the native thunk; held for the life of the JVM
        }

        @Override
        public int call(Pointer opaque) {
            IoDeadline d = opaque == null ? null : LIVE.get(opaque.address());
            // unknown token: the demuxer is being torn down; stop waiting
            return d == null || d.passed() ? 1 : 0;
        }
    }
}
