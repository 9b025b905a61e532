package city.citywatch.api.http.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void fiveFailuresLockTheNameUntilTheOldestLeavesTheWindow() {
        SignInThrottle t = new SignInThrottle(clock);
        Instant first = now.get();
        for (int i = 0; i < 4; i++) {
            t.failed("li");
            now.set(now.get().plusSeconds(10));
        }
        assertThat(t.lockedUntil("li")).isNull();
        t.failed("li");
        assertThat(t.lockedUntil("li")).isEqualTo(first.plus(SignInThrottle.WINDOW));
        assertThat(t.lockedUntil("wang")).isNull();
        now.set(first.plus(SignInThrottle.WINDOW).plusSeconds(1));
        assertThat(t.lockedUntil("li")).as("the oldest failure has left the window").isNull();
    }

    @Test
    void aSuccessClearsTheCount() {
        SignInThrottle t = new SignInThrottle(clock);
        for (int i = 0; i < 4; i++) t.failed("li");
        t.succeeded("li");
        t.failed("li");
        assertThat(t.lockedUntil("li")).isNull();
        now.set(now.get().plus(Duration.ofSeconds(1)));
        for (int i = 0; i < 4; i++) t.failed("li");
        assertThat(t.lockedUntil("li")).isNotNull();
    }
}
