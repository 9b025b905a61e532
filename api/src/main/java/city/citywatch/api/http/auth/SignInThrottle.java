package city.citywatch.api.http.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed sign-ins for one username within {@link #WINDOW}, further
 * attempts for it are refused until the window has passed, whatever the password. Per username (not per address),
 * because officers share the centre's NAT; a successful sign-in clears the count. In memory, per node: a restart or
 * another api node starts afresh, which bounds guessing without locking anyone out for good.
 */
final class SignInThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Beyond this many tracked names the oldest are forgotten: a flood of random names must not fill the heap. */
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** When the username may try again, if it is locked now. */
    Instant lockedUntil(String username) {
        Deque<Instant> f = failures.get(username);
        if (f == null) return null;
        synchronized (f) {
            prune(f);
            return f.size() >= MAX_FAILURES ? f.peekFirst().plus(WINDOW) : null;
        }
    }

    void failed(String username) {
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(username)) failures.clear();
        Deque<Instant> f = failures.computeIfAbsent(username, k -> new ArrayDeque<>());
        synchronized (f) {
            prune(f);
            f.addLast(clock.instant());
        }
    }

    void succeeded(String username) {
        failures.remove(username);
    }

    private void prune(Deque<Instant> f) {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!f.isEmpty() && f.peekFirst().isBefore(cutoff)) f.removeFirst();
    }
}
