package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The camera's server dies and comes back: the worker notices, says why, and reconnects by itself. */
class CameraWorkerOutageTest {

    @Test
    void killedServerMakesTheCameraOfflineWithAReasonAndItComesBackOnlineByItself() {
        IngestSettings settings = IngestSettings.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2);
        StatusRecorder rec = new StatusRecorder();
        try (RtspTestServer server = RtspTestServer.start("/highway", TestVideos.highwayH264());
             CameraWorker worker = new CameraWorker("cam-out", server.uri("/highway"), settings, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.frames.size() >= 2);
            CameraStatus firstOnline = worker.status();

            Instant killedAt = Instant.now();
            server.kill();
            await().atMost(Duration.ofSeconds(6)).until(() -> worker.status().state() == CameraState.OFFLINE);
            CameraStatus offline = worker.status();
            assertThat(Duration.between(killedAt, offline.since())).isLessThan(Duration.ofSeconds(6));
            assertThat(offline.reason()).startsWith("stream_lost: ").contains("127.0.0.1:" + server.port() + "/highway");
            assertThat(offline.lastFrameAt()).isBefore(offline.since());
            // while it is down, retries see the refused connection and the status says so
            await().atMost(Duration.ofSeconds(5)).until(() -> String.valueOf(worker.status().reason()).startsWith("unreachable: "));
            assertThat(worker.status().reason()).contains("connection refused");
            assertThat(worker.status().since()).as("OFFLINE since the loss, not since the last retry")
                    .isEqualTo(offline.since());

            Instant restartedAt = Instant.now();
            server.restart();
            await().atMost(Duration.ofSeconds(8)).until(() -> worker.status().state() == CameraState.ONLINE);
            CameraStatus back = worker.status();
            assertThat(back.since()).isAfter(restartedAt.minusMillis(100));
            assertThat(back.reason()).isNull();
            assertThat(back.reconnects()).isGreaterThanOrEqualTo(2);
            int framesBefore = rec.frames.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.frames.size() > framesBefore);
            assertThat(rec.frames.get(rec.frames.size() - 1).capturedAt()).isAfter(restartedAt);

            assertThat(rec.statuses).extracting(CameraStatus::state)
                    .startsWith(CameraState.ONLINE, CameraState.OFFLINE)
                    .endsWith(CameraState.ONLINE)
                    .doesNotContain(CameraState.CONNECTING);
            assertThat(firstOnline.since()).isBefore(back.since());
        }
        assertThat(rec.statuses.get(rec.statuses.size() - 1).state()).isEqualTo(CameraState.OFFLINE);
        assertThat(rec.statuses.get(rec.statuses.size() - 1).reason()).startsWith("stopped");
    }
}
