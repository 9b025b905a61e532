package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Cameras that cannot be read: each failure is told apart, and none of them holds a thread. */
class CameraWorkerFailureTest {
    private static final IngestSettings FAST = IngestSettings.defaults()
            .withSocketTimeout(Duration.ofSeconds(1))
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2);
    private static RtspTestServer server;
    private static RtspTestServer guarded;

    @BeforeAll
    static void serve() {
        server = RtspTestServer.start(Map.of(
                "/highway", TestVideos.highwayH264(),
                "/mpeg4", TestVideos.highwayOriginal()), List.of());
        guarded = RtspTestServer.start(Map.of("/highway", TestVideos.highwayH264()), List.of("--auth", "officer:s3cret"));
    }

    @AfterAll
    static void stop() {
        server.close();
        guarded.close();
    }

    private static String offlineReason(URI uri, IngestSettings settings) {
        StatusRecorder rec = new StatusRecorder();
        try (CameraWorker worker = new CameraWorker("cam-bad", uri, settings, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(8)).until(() -> worker.status().state() == CameraState.OFFLINE);
            return worker.status().reason();
        }
    }

    @Test
    void wrongPathIsStreamNotFound() {
        assertThat(offlineReason(server.uri("/no-such-camera"), FAST))
                .startsWith("stream_not_found: ").contains("/no-such-camera").contains("404");
    }

    @Test
    void wrongOrMissingCredentialsAreAuthRefusedAndNeverShown() {
        assertThat(offlineReason(guarded.uri("/highway"), FAST)).startsWith("auth_refused: ").contains("401");
        URI wrong = URI.create("rtsp://officer:wrong@127.0.0.1:" + guarded.port() + "/highway");
        assertThat(offlineReason(wrong, FAST)).startsWith("auth_refused: ").doesNotContain("wrong").doesNotContain("officer");

        StatusRecorder rec = new StatusRecorder();
        URI right = URI.create("rtsp://officer:s3cret@127.0.0.1:" + guarded.port() + "/highway");
        try (CameraWorker worker = new CameraWorker("cam-auth", right, FAST, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.frames.size() >= 1);
            assertThat(worker.status().state()).isEqualTo(CameraState.ONLINE);
        }
    }

    @Test
    void streamInACodecOtherThanH264OrH265IsUnsupportedCodec() {
        assertThat(offlineReason(server.uri("/mpeg4"), FAST)).startsWith("unsupported_codec: ").contains("mpeg4");
    }

    @Test
    void nothingListeningIsUnreachableAndCloseIsImmediate() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StatusRecorder rec = new StatusRecorder();
        try (CameraWorker worker = new CameraWorker("cam-dead", URI.create("rtsp://127.0.0.1:" + port + "/x"),
                IngestSettings.defaults(), rec, rec)) {
        worker.start();
        await().atMost(Duration.ofSeconds(3)).until(() -> worker.status().state() == CameraState.OFFLINE);
        assertThat(worker.status().reason()).startsWith("unreachable: ").contains("connection refused");
        long t0 = System.nanoTime();
        worker.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(workerThreadAlive("cam-dead")).isFalse();
        }
    }

    @Test
    void serverThatAcceptsButNeverAnswersTimesOutAndCloseReturnsWithinTwiceTheSocketTimeout() throws Exception {
        // the kernel completes the TCP handshake from the backlog; nobody ever reads or writes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StatusRecorder rec = new StatusRecorder();
            try (CameraWorker worker = new CameraWorker("cam-silent",
                    URI.create("rtsp://127.0.0.1:" + silent.getLocalPort() + "/x"), FAST, rec, rec)) {
            long started = System.nanoTime();
            worker.start();
            // JavaCV tries a failed open twice, each waiting out the socket timeout
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == CameraState.OFFLINE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(worker.status().reason()).startsWith("timeout: ");
            // close while the worker is blocked inside FFmpeg on its next attempt
            await().atMost(Duration.ofSeconds(3)).until(() -> worker.status().reconnects() >= 1);
            long t0 = System.nanoTime();
            worker.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(workerThreadAlive("cam-silent")).isFalse();
            }
        }
    }

    @Test
    void errorOnTheWorkerThreadTakesTheCameraOfflineSayingSoInsteadOfPretendingItWasClosed() {
        StatusRecorder rec = new StatusRecorder();
        FrameListener failing = frame -> {
            throw new OutOfMemoryError("simulated: no memory for a frame");
        };
        try (CameraWorker worker = new CameraWorker("cam-err", server.uri("/highway"), FAST, failing, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.OFFLINE);
            assertThat(worker.status().reason())
                    .isEqualTo("worker failed: java.lang.OutOfMemoryError: simulated: no memory for a frame");
            await().atMost(Duration.ofSeconds(2)).until(() -> !workerThreadAlive("cam-err"));
            assertThat(rec.statuses).extracting(s -> s.state()).containsExactly(CameraState.ONLINE, CameraState.OFFLINE);
        }
        assertThat(rec.statuses.get(rec.statuses.size() - 1).reason()).startsWith("worker failed: ");
    }

    @Test
    void urlThatCannotBeACameraIsRefusedUpFrontNamingTheField() {
        StatusRecorder rec = new StatusRecorder();
        assertThatThrownBy(() -> new CameraWorker("c", URI.create("http://127.0.0.1/x"), FAST, rec, rec))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("streamUri").hasMessageContaining("rtsp");
        assertThatThrownBy(() -> new CameraWorker("c", URI.create("rtsp:///x"), FAST, rec, rec))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("streamUri").hasMessageContaining("no host");
    }

    private static boolean workerThreadAlive(String cameraId) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("camera-" + cameraId) && t.isAlive());
    }
}
