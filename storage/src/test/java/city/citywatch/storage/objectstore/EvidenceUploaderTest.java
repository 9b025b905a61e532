package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Evidence survives store outages and restarts: real S3 server stopped and started on the same directory and port. */
class EvidenceUploaderTest {
    static final String ACCESS = "citywatch";
    static final String SECRET = "citywatch-secret-key";
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void uploadsWhatIsSubmittedAndEmptiesTheSpool() throws IOException {
        Path s3 = tmp.resolve("s3");
        try (EmbeddedS3Server server = EmbeddedS3Server.start(s3, 0, ACCESS, SECRET);
             ObjectStore store = store(server.endpoint().getPort());
             EvidenceUploader uploader = new EvidenceUploader(store, fastRetry(tmp.resolve("spool")))) {
            Path clip = tmp.resolve("clip.mp4");
            Files.write(clip, bytes("clip", 300_000));
            uploader.submit("clips/cam-1/2025/03/14/e1.mp4", clip, "video/mp4");
            uploader.submit("snapshots/cam-1/2025/03/14/e1-1.jpg", bytes("jpeg", 5_000), "image/jpeg");
            Files.delete(clip); // the uploader holds its own copy

            await().atMost(PATIENCE).until(() -> uploader.spooled() == 0);
            assertThat(store.get("clips/cam-1/2025/03/14/e1.mp4")).isEqualTo(bytes("clip", 300_000));
            assertThat(store.get("snapshots/cam-1/2025/03/14/e1-1.jpg")).isEqualTo(bytes("jpeg", 5_000));
            assertThat(uploader.lastError()).isEmpty();
            assertThatThrownBy(() -> uploader.submit("", new byte[1], null))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("key");
            assertThatThrownBy(() -> uploader.submit("snapshots/x.jpg", new byte[1], "not a type"))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("contentType");
            assertThat(uploader.spooled()).isZero();
            assertThatThrownBy(() -> uploader.submit("clips/x.mp4", tmp.resolve("missing.mp4"), "video/mp4"))
                    .hasMessageContaining("missing.mp4");
        }
    }

    @Test
    void evidenceWaitsInTheSpoolWhileTheStoreIsDownAndGoesOutWhenItIsBack() throws Exception {
        Path s3 = tmp.resolve("s3");
        int port = freePort();
        EmbeddedS3Server server = EmbeddedS3Server.start(s3, port, ACCESS, SECRET);
        try (ObjectStore store = store(port);
             EvidenceUploader uploader = new EvidenceUploader(store, fastRetry(tmp.resolve("spool")))) {
            store.ensureBucket();
            server.close();

            uploader.submit("snapshots/cam-1/2025/03/14/e2-1.jpg", bytes("during outage", 10_000), "image/jpeg");
            await().atMost(PATIENCE).until(() -> uploader.lastError().isPresent());
            Thread.sleep(500); // several failed attempts
            assertThat(uploader.spooled()).isEqualTo(1);
            assertThat(uploader.lastError().orElseThrow()).contains("127.0.0.1:" + port);

            server = EmbeddedS3Server.start(s3, port, ACCESS, SECRET);
            await().atMost(PATIENCE).until(() -> uploader.spooled() == 0);
            assertThat(store.get("snapshots/cam-1/2025/03/14/e2-1.jpg")).isEqualTo(bytes("during outage", 10_000));
            assertThat(uploader.lastError()).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test
    void aRestartedUploaderSendsWhatAnEarlierOneLeftBehind() throws Exception {
        Path s3 = tmp.resolve("s3");
        Path spool = tmp.resolve("spool");
        int port = freePort(); // nothing listens yet: the store is down
        try (ObjectStore store = store(port)) {
            try (EvidenceUploader first = new EvidenceUploader(store, fastRetry(spool))) {
                for (int i = 1; i <= 3; i++) {
                    first.submit("snapshots/cam-3/2025/03/14/e3-" + i + ".jpg", bytes("snap" + i, 2_000 * i), "image/jpeg");
                }
                assertThat(first.spooled()).isEqualTo(3);
            }
            // A crash while spooling leaves a temporary file; it must be cleared, not uploaded.
            Files.write(spool.resolve(".incoming-0000000000000-000000001-x.spool"), new byte[]{1, 2});

            try (EmbeddedS3Server server = EmbeddedS3Server.start(s3, port, ACCESS, SECRET);
                 EvidenceUploader second = new EvidenceUploader(store, fastRetry(spool))) {
                await().atMost(PATIENCE).until(() -> second.spooled() == 0);
                for (int i = 1; i <= 3; i++) {
                    assertThat(store.get("snapshots/cam-3/2025/03/14/e3-" + i + ".jpg")).isEqualTo(bytes("snap" + i, 2_000 * i));
                }
                try (var left = Files.list(spool)) {
                    assertThat(left.filter(Files::isRegularFile)).isEmpty();
                }
            }
        }
    }

    @Test
    void anUnreadableSpoolFileIsSetAsideWithoutBlockingTheOthers() throws Exception {
        Path spool = tmp.resolve("spool");
        Files.createDirectories(spool);
        Files.write(spool.resolve("0000000000001-000000001-broken.spool"), "no header here".getBytes(StandardCharsets.UTF_8));
        try (EmbeddedS3Server server = EmbeddedS3Server.start(tmp.resolve("s3"), 0, ACCESS, SECRET);
             ObjectStore store = store(server.endpoint().getPort());
             EvidenceUploader uploader = new EvidenceUploader(store, fastRetry(spool))) {
            uploader.submit("snapshots/cam-4/ok-1.jpg", bytes("ok", 100), "image/jpeg");
            await().atMost(PATIENCE).until(() -> uploader.spooled() == 0);
            assertThat(store.exists("snapshots/cam-4/ok-1.jpg")).isTrue();
            assertThat(spool.resolve("rejected/0000000000001-000000001-broken.spool")).exists();
        }
    }

    private static ObjectStore store(int port) {
        return new ObjectStore(new ObjectStoreSettings(URI.create("http://127.0.0.1:" + port), ACCESS, SECRET, "evidence", null));
    }

    private static UploaderSettings fastRetry(Path spool) {
        return new UploaderSettings(spool, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private static byte[] bytes(String seed, int n) {
        byte[] b = new byte[n];
        byte[] s = seed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) b[i] = (byte) (s[i % s.length] + i / s.length);
        return b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
