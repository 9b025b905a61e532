package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.StallingRtspProxy;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog, through the camera's worker: a camera whose RTSP session stays alive but that stopped sending video
 * is dropped and reconnected within the watchdog time (the socket timeout alone would never fire: the session is not
 * silent), and a worker closed while its camera accepts TCP and never answers returns at once.
 */
class CameraWorkerWatchdogTest {

    @Test
    void aSessionWithoutVideoIsDroppedWithinTheWatchdogTimeAndReconnectedWhenVideoFlowsAgain() throws Exception {
        Duration watchdog = Duration.ofSeconds(3);
        IngestSettings settings = IngestSettings.defaults()
                .withSocketTimeout(Duration.ofSeconds(30)) // far longer than the watchdog: only the watchdog can act
                .withWatchdogTimeout(watchdog)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2);
        StatusRecorder rec = new StatusRecorder();
        try (RtspTestServer server = RtspTestServer.start("/highway", TestVideos.highwayH264());
             StallingRtspProxy proxy = new StallingRtspProxy(server.port());
             CameraWorker worker = new CameraWorker("cam-stall", proxy.uri("/highway"), settings, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> worker.status().state() == CameraState.ONLINE);
            Thread.sleep(1000);

            Instant stalled = Instant.now();
            proxy.stallVideo();
            await().atMost(watchdog.plusSeconds(8)).until(() -> worker.status().state() == CameraState.OFFLINE);
            CameraStatus down = worker.status();
            assertThat(down.reason()).startsWith("no_video: ").contains("watchdog");
            // FFmpeg may still hand out a packet or two that were in flight when the video stopped (seen up to
            // ≈ 2.3 s later); the watchdog counts from the last one
            assertThat(Duration.between(down.lastFrameAt(), down.since())).as("dropped one watchdog time after the last video")
                    .isBetween(watchdog.minusMillis(100), watchdog.plusSeconds(3));
            assertThat(Duration.between(stalled, down.since())).as("long before the 30 s socket timeout")
                    .isLessThan(watchdog.plusSeconds(5));

            proxy.resumeVideo();
            await().atMost(Duration.ofSeconds(15)).until(() -> worker.status().state() == CameraState.ONLINE);
            int frames = rec.frames.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.frames.size() > frames);
            assertThat(worker.status().reconnects()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void closingAWorkerWhoseCameraNeverAnswersReturnsAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CameraWorker worker = new CameraWorker("cam-mute", URI.create("rtsp://127.0.0.1:" + silent.getLocalPort() + "/main"),
                    IngestSettings.defaults().withSocketTimeout(Duration.ofSeconds(20)), f -> { }, s -> { });
            worker.start();
            Thread.sleep(1500); // the open is under way and waiting for an answer that never comes
            long t0 = System.nanoTime();
            worker.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("close with an open under way")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(worker.status().state()).isEqualTo(CameraState.OFFLINE);
            assertThat(worker.status().reason()).startsWith("stopped");
        }
    }
}
