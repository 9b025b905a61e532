package city.citywatch.ingest.clip;

import city.citywatch.ingest.buffer.ClipWindowUnavailableException;
import city.citywatch.ingest.buffer.PacketRingBuffer;
import city.citywatch.ingest.media.EncodedPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns clip requests into MP4 files from one camera's ring buffer, on its own thread so that writing never
 * stalls packet reading. A request waits until a packet newer than its end has arrived (the post-roll is in the
 * buffer); if the camera stops sending, it writes what was buffered once {@code grace} after the end has passed.
 * Closing writes the clips still waiting with what is buffered by then: a stopping node keeps its evidence, only
 * with a shorter post-roll. The thread exists only while there is work.
 */
public final class ClipRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClipRecorder.class);
    private static final long POLL_MILLIS = 200;

    private final String cameraId;
    private final PacketRingBuffer buffer;
    private final Duration maxWindow;
    private final Duration grace;
    private final ScheduledThreadPoolExecutor executor;
    private record Request(Instant from, Instant to, Path target) {
    }

    private final Map<CompletableFuture<Path>, Request> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param maxWindow the buffer's length; a window plus {@code grace} must fit in it
     * @param grace     how long after a window's end to wait for packets before writing what there is
     */
    public ClipRecorder(String cameraId, PacketRingBuffer buffer, Duration maxWindow, Duration grace) {
        this.cameraId = cameraId;
        this.buffer = buffer;
        this.maxWindow = maxWindow;
        this.grace = grace;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "clips-" + cameraId);
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Records the buffered video of {@code [from, to]} (arrival times) to {@code target}. The future completes
     * after {@code to} has passed and the clip is written; it fails with {@link ClipWindowUnavailableException}
     * if the window is no longer buffered, or {@link IOException} if the file cannot be written.
     *
     * @throws IllegalArgumentException if the window is empty or reversed, or if the window plus the grace is
     *                                  longer than the buffer (its start would be evicted before it is written)
     */
    public CompletableFuture<Path> record(Instant from, Instant to, Path target) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(target, "target");
        if (!to.isAfter(from)) throw new IllegalArgumentException("clip window must end after it starts: " + from + " .. " + to);
        Duration length = Duration.between(from, to);
        // The clip is cut once a packet after its end arrived, or at the latest `grace` after it, and by then the
        // buffer has moved on that far: a window that does not fit with the grace would always fail later.
        if (length.plus(grace).compareTo(maxWindow) > 0) {
            throw new IllegalArgumentException("clip window of " + length.toMillis() + " ms plus the "
                    + grace.toMillis() + " ms waited for its last packets is longer than the " + maxWindow.toSeconds()
                    + " s the camera's buffer holds: windows up to " + Math.max(0, maxWindow.minus(grace).toMillis())
                    + " ms fit (raise the buffer length for longer clips)");
        }
        CompletableFuture<Path> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("camera " + cameraId + " is closed: no clip can be recorded"));
            return result;
        }
        pending.put(result, new Request(from, to, target));
        result.whenComplete((p, e) -> pending.remove(result));
        long delay = Math.max(0, Duration.between(Instant.now(), to).toMillis());
        schedule(from, to, target, result, delay);
        return result;
    }

    private void attempt(Instant from, Instant to, Path target, CompletableFuture<Path> result) {
        if (result.isDone()) return;
        if (closed) return; // close() writes it with what is buffered
        boolean postRollIn = buffer.newestArrival().map(t -> t.isAfter(to)).orElse(false);
        boolean gaveUpWaiting = Instant.now().isAfter(to.plus(grace));
        if (!postRollIn && !gaveUpWaiting) {
            schedule(from, to, target, result, POLL_MILLIS);
            return;
        }
        write(new Request(from, to, target), result, postRollIn);
    }

    /** Remuxes the buffered part of the window; {@code complete} = the post-roll had arrived. */
    private void write(Request r, CompletableFuture<Path> result, boolean complete) {
        try {
            List<EncodedPacket> packets = buffer.window(r.from(), r.to());
            Duration shortBy = Duration.between(r.from(), packets.get(0).arrival());
            if (shortBy.isPositive()) {
                log.warn("camera {}: clip {} starts {} ms after its window's start {}: the key frame before it had left"
                                + " the buffer or the stream (connection) began after it; its pre-roll is short by that much",
                        cameraId, r.target(), shortBy.toMillis(), r.from());
            }
            Mp4Remuxer.Written w = Mp4Remuxer.write(packets, r.target());
            if (!complete) {
                log.warn("camera {}: the stream stopped before the end of clip window {} .. {}; wrote the {} ms that were buffered",
                        cameraId, r.from(), r.to(), w.durationMicros() / 1000);
            }
            log.info("camera {}: clip {} written: {} packets, {} ms, {} bytes, from {}", cameraId, w.file(),
                    w.packets(), w.durationMicros() / 1000, w.bytes(), packets.get(0).arrival());
            result.complete(w.file());
        } catch (IOException | RuntimeException e) {
            log.warn("camera {}: clip {} for {} .. {} failed: {}", cameraId, r.target(), r.from(), r.to(), e.getMessage());
            result.completeExceptionally(e);
        }
    }

    /** Runs an attempt after {@code delayMillis}; once {@link #close()} has begun, fails the clip instead. */
    private void schedule(Instant from, Instant to, Path target, CompletableFuture<Path> result, long delayMillis) {
        try {
            executor.schedule(() -> attempt(from, to, target, result), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() shut the executor down between the caller's check of `closed` and now
            result.completeExceptionally(new IllegalStateException("camera " + cameraId
                    + " was closed while the clip " + target + " was being requested: no clip can be recorded"));
        }
    }

    /**
     * Lets a clip being written finish (bounded), stops the thread, then writes the clips still waiting for their
     * post-roll with what is buffered; one with nothing of its window buffered fails.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdown(); // cancels the waiting (delayed) attempts, see the policy set in the constructor
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("camera {}: a clip was still being written 10 s after close", cameraId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<CompletableFuture<Path>, Request> waiting : Map.copyOf(pending).entrySet()) {
            CompletableFuture<Path> f = waiting.getKey();
            Request r = waiting.getValue();
            if (f.isDone()) continue;
            if (buffer.newestArrival().map(t -> t.isBefore(r.from())).orElse(true)) {
                f.completeExceptionally(new IllegalStateException("camera " + cameraId
                        + " was closed before the clip was written: nothing of " + r.from() + " .. " + r.to() + " was buffered"));
            } else {
                write(r, f, false);
            }
        }
    }
}
