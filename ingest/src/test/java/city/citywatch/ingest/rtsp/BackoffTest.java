package city.citywatch.ingest.rtsp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesFromTheInitialWaitUpToTheCeilingWithinTheJitter() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2, new SplittableRandom(7));
        long[] base = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ms : base) {
            assertThat(b.next().toMillis()).isBetween((long) (ms * 0.8), (long) (ms * 1.2));
        }
        assertThat(b.failures()).isEqualTo(base.length);
        b.reset();
        assertThat(b.next().toMillis()).isBetween(400L, 600L);
    }

    @Test
    void jitterSpreadsCamerasThatFailedTogether() {
        Set<Long> waits = new HashSet<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int camera = 0; camera < 50; camera++) {
            waits.add(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, random.split()).next().toMillis());
        }
        assertThat(waits.size()).isGreaterThan(40);
    }

    @Test
    void resetsOnlyOnceAConnectionHasDeliveredForTheStableTime() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0, new SplittableRandom(3));
        b.next();
        b.next();
        b.next();
        // a camera that drops the connection a few seconds after each open keeps backing off
        assertThat(b.online(Duration.ZERO)).isFalse();
        assertThat(b.online(Backoff.STABLE_AFTER.minusMillis(1))).isFalse();
        assertThat(b.failures()).isEqualTo(3);
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.online(Backoff.STABLE_AFTER)).isTrue();
        assertThat(b.failures()).isZero();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0, new SplittableRandom(1));
        for (int i = 0; i < 10_000; i++) b.next();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
    }
}
