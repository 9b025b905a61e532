package city.citywatch.analytics.detect;

import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.detection.Detection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

/**
 * The batching stage in front of a detector: requests of all cameras go into one queue; each worker thread takes the
 * oldest, waits up to {@code maxWait} for more (up to {@code maxBatch}), runs them as one
 * {@link Detector#detectBatch} call and hands each camera its result through a future.
 * <p>
 * Gathering across cameras matters because each camera asks for about one frame per second: a camera alone never
 * has a batch to give. Owns the delegate: {@link #close()} fails the requests still queued, waits for the calls in
 * flight, then closes the delegate. The staged ONNX graphs declare a fixed batch of 1 (see the models' READMEs), so
 * the delegate still runs the images of a batch one after the other in one session call; a graph exported with a
 * dynamic batch axis would take the batch as one tensor without a change here.
 */
public final class BatchingDetector implements Detector {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingDetector.class);

    private record Pending(DetectionRequest request, CompletableFuture<List<Detection>> result) {
    }

    private final Detector delegate;
    private final BatchSettings settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    public BatchingDetector(Detector delegate, BatchSettings settings) {
        this.delegate = delegate;
        this.settings = settings;
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(this::work, "detector-batch-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Queues the request; the future completes on a worker thread. Never blocks. */
    public CompletableFuture<List<Detection>> submit(DetectionRequest request) {
        CompletableFuture<List<Detection>> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("detector closed: " + delegate.modelName()));
            return f;
        }
        queue.add(new Pending(request, f));
        // close() may have drained the queue between the check and the add: do not leave this one waiting
        if (closed && queue.remove(new Pending(request, f))) {
            f.completeExceptionally(new IllegalStateException("detector closed: " + delegate.modelName()));
        }
        return f;
    }

    /** Blocks the calling thread (an analysis thread) until its batch has run. */
    @Override
    public List<Detection> detect(DetectionRequest request) {
        return await(submit(request));
    }

    @Override
    public List<List<Detection>> detectBatch(List<DetectionRequest> requests) {
        List<CompletableFuture<List<Detection>>> futures = requests.stream().map(this::submit).toList();
        List<List<Detection>> out = new ArrayList<>(futures.size());
        for (CompletableFuture<List<Detection>> f : futures) out.add(await(f));
        return out;
    }

    private static List<Detection> await(CompletableFuture<List<Detection>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the detector", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new CompletionException(e.getCause());
        }
    }

    private void work() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        while (!closed || !queue.isEmpty()) {
            batch.clear();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long deadline = System.nanoTime() + settings.maxWait().toNanos();
                while (batch.size() < settings.maxBatch()) {
                    // take what is already waiting at once; wait for late-comers only until the deadline
                    Pending next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) break;
                        next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(batch, new IllegalStateException("detector closed: " + delegate.modelName()));
                return;
            }
            run(batch);
        }
    }

    private void run(List<Pending> batch) {
        try {
            List<List<Detection>> results = delegate.detectBatch(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
        } catch (RuntimeException e) {
            LOG.error("detector call for {} frame(s) failed: {}", batch.size(), e.getMessage());
            fail(batch, e);
        }
    }

    private static void fail(List<Pending> batch, RuntimeException e) {
        for (Pending p : batch) p.result().completeExceptionally(e);
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public Optional<DetectorInputSize> wholeFrameInput() {
        return delegate.wholeFrameInput();
    }

    public BatchSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new IllegalStateException("detector closed: " + delegate.modelName()));
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        delegate.close();
    }
}
