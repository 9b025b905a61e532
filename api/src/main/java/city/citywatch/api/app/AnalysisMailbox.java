package city.citywatch.api.app;

import city.citywatch.core.video.VideoFrame;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands one camera's frames from its ingest thread to the shared analysis pool, keeping only the newest frame
 * while the previous one is still being analysed. Old frames are worth nothing to a live rule and queuing them
 * would let a slow detector fall minutes behind; dropped frames are counted instead.
 */
final class AnalysisMailbox {
    private final AtomicReference<VideoFrame> pending = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor pool;
    private final Consumer<VideoFrame> analyse;

    AnalysisMailbox(Executor pool, Consumer<VideoFrame> analyse) {
        this.pool = pool;
        this.analyse = analyse;
    }

    /** Called on the camera's ingest thread; never blocks. */
    void offer(VideoFrame frame) {
        if (pending.getAndSet(frame) != null) dropped.incrementAndGet();
        if (scheduled.compareAndSet(false, true)) pool.execute(this::drain);
    }

    long dropped() {
        return dropped.get();
    }

    private void drain() {
        while (true) {
            VideoFrame frame = pending.getAndSet(null);
            if (frame == null) {
                scheduled.set(false);
                // a frame offered between the read and the reset must not wait for the next offer
                if (pending.get() == null || !scheduled.compareAndSet(false, true)) return;
                continue;
            }
            analyse.accept(frame);
        }
    }
}
