package city.citywatch.ingest.clip;

import city.citywatch.ingest.buffer.PacketRingBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clip requests refused up front, and requests racing with close. The clips themselves: CameraWorkerClipTest. */
class ClipRecorderTest {
    private static final Path TARGET = Path.of("target", "clip-recorder-test", "never-written.mp4");

    private static ClipRecorder recorder(Duration bufferLength, Duration grace) {
        return new ClipRecorder("cam-rec", new PacketRingBuffer(bufferLength, 1 << 20), bufferLength, grace);
    }

    @Test
    void windowThatDoesNotFitInTheBufferWithTheGraceIsRefusedUpFront() {
        Instant t = Instant.now().plusSeconds(60);
        try (ClipRecorder r = recorder(Duration.ofSeconds(3), Duration.ofSeconds(1))) {
            // exactly the buffer's length: its start would always be evicted by the time its end has arrived
            assertThatThrownBy(() -> r.record(t, t.plusSeconds(3), TARGET))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("longer than the 3 s").hasMessageContaining("1000 ms waited")
                    .hasMessageContaining("windows up to 2000 ms fit");
            assertThatThrownBy(() -> r.record(t, t.plusMillis(2001), TARGET)).isInstanceOf(IllegalArgumentException.class);
            assertThat(r.record(t, t.plusSeconds(2), TARGET)).isNotDone();
        }
    }

    @Test
    void requestRacingWithCloseFailsItsFutureAndNeverThrows() throws Exception {
        for (int i = 0; i < 300; i++) {
            ClipRecorder r = recorder(Duration.ofSeconds(30), Duration.ofSeconds(1));
            Instant t = Instant.now().plusSeconds(20);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread requester = new Thread(() -> {
                try {
                    go.await();
                    outcome.set(r.record(t, t.plusSeconds(5), TARGET));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            requester.start();
            go.countDown();
            r.close();
            requester.join(5_000);
            assertThat(outcome.get()).as("round %d: record() returns a future", i).isInstanceOf(CompletableFuture.class);
            CompletableFuture<?> clip = (CompletableFuture<?>) outcome.get();
            assertThatThrownBy(() -> clip.get(5, TimeUnit.SECONDS)).as("round %d", i)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
