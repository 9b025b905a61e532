package city.citywatch.ingest.rtsp;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter between reconnection attempts: initial, ×2 per failure, capped, each wait
 * multiplied by a random factor in 1 ± jitter so that cameras cut off by one outage do not all reconnect at
 * the same instant. Not thread-safe: owned by one worker.
 */
public final class Backoff {
    /**
     * How long a connection must deliver video before it counts as working. Resetting on the first packet would
     * let a camera that fails right after connecting be retried every initial wait forever; it keeps backing off.
     */
    public static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public Duration next() {
        double base = initial.toNanos() * Math.pow(2, Math.min(failures, 40));
        base = Math.min(base, max.toNanos());
        failures++;
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(base * factor));
    }

    /** A connection worked: the next failure waits the initial time again. */
    public void reset() {
        failures = 0;
    }

    /**
     * The current connection has delivered video for {@code online} (from its first packet to its latest).
     * Once that reaches {@link #STABLE_AFTER} the back-off is {@linkplain #reset() reset}.
     *
     * @return whether the connection now counts as stable (the caller may stop reporting)
     */
    public boolean online(Duration online) {
        if (online.compareTo(STABLE_AFTER) < 0) return false;
        reset();
        return true;
    }

    public int failures() {
        return failures;
    }
}
