package city.citywatch.api.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the API's blocking calls (JDBC, object store) off the event loop. The queue is bounded so that a
 * flood of requests against a slow database is refused with 503 at once instead of piling up memory and
 * latency; Vert.x's own {@code executeBlocking} queue is unbounded. Owned by the verticle that creates it.
 */
public final class BlockingPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public BlockingPool(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "citywatch-http-blocking-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on the pool; the future completes on the caller's Vert.x context, so handlers
     * continue on their event loop. Fails with {@link RejectedExecutionException} when the queue is full.
     */
    public <T> Future<T> run(Vertx vertx, Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    context.runOnContext(v -> promise.fail(t));
                    return;
                }
                context.runOnContext(v -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            promise.fail(e);
        }
        return promise.future();
    }

    /**
     * Takes no new work; queued calls still finish (their results land on a closed context and are dropped).
     * Does not wait, because it is called on an event loop when the verticle stops.
     */
    @Override
    public void close() {
        executor.shutdown();
    }
}
