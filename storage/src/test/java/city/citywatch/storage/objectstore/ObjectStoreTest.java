package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object store client against a real S3 server (S3Proxy with SigV4), through the MinIO SDK. */
class ObjectStoreTest {
    static final String ACCESS = "citywatch";
    static final String SECRET = "citywatch-secret-key";

    @TempDir
    static Path dir;
    static EmbeddedS3Server server;
    static ObjectStore store;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(dir.resolve("s3"), 0, ACCESS, SECRET);
        store = new ObjectStore(new ObjectStoreSettings(server.endpoint(), ACCESS, SECRET, "evidence", null));
        store.ensureBucket();
        store.ensureBucket(); // idempotent
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    void putGetAndExistsRoundTripBytesAndFiles() throws Exception {
        byte[] jpeg = new byte[200_000];
        new Random(7).nextBytes(jpeg);
        String key = "snapshots/cam-1/2025/03/14/" + UUID.randomUUID() + "-1.jpg";
        assertThat(store.exists(key)).isFalse();
        store.put(key, jpeg, "image/jpeg");
        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key)).isEqualTo(jpeg);

        Path clip = dir.resolve("clip.mp4");
        Files.write(clip, "not really an mp4, but bytes are bytes".getBytes(StandardCharsets.UTF_8));
        store.put("clips/cam-1/2025/03/14/e.mp4", clip, "video/mp4");
        assertThat(store.get("clips/cam-1/2025/03/14/e.mp4")).isEqualTo(Files.readAllBytes(clip));

        store.delete("clips/cam-1/2025/03/14/e.mp4");
        assertThat(store.exists("clips/cam-1/2025/03/14/e.mp4")).isFalse();
        assertThatThrownBy(() -> store.get("clips/none.mp4"))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("evidence/clips/none.mp4");
    }

    @Test
    void aPresignedUrlServesTheObjectToAPlainHttpClient() throws Exception {
        byte[] data = "snapshot bytes".getBytes(StandardCharsets.UTF_8);
        store.put("snapshots/cam-2/a-1.jpg", data, "image/jpeg");
        SignedUrl url = store.presignedGet("snapshots/cam-2/a-1.jpg", Duration.ofMinutes(5));

        assertThat(url.expiresAt()).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url.url())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/jpeg");
    }

    @Test
    void urlsAreSignedForThePublicAddressWhenTheNodeReachesTheStoreElsewhere() throws Exception {
        byte[] data = "clip bytes".getBytes(StandardCharsets.UTF_8);
        store.put("clips/cam-2/p.mp4", data, "video/mp4");
        // The node talks to 127.0.0.1; clients are told "localhost": another name for the same server, as a
        // public DNS name is for MinIO behind an ingress.
        URI publicAddress = URI.create("http://localhost:" + server.endpoint().getPort());
        try (ObjectStore withPublic = new ObjectStore(new ObjectStoreSettings(server.endpoint(), ACCESS, SECRET, "evidence",
                null, publicAddress))) {
            SignedUrl url = withPublic.presignedGet("clips/cam-2/p.mp4", Duration.ofMinutes(5));
            assertThat(URI.create(url.url()).getHost()).isEqualTo("localhost");
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url.url())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(data);
            // the host is part of the signature: the same URL sent to the internal name is refused
            String internal = url.url().replace("localhost", "127.0.0.1");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(internal)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aTamperedOrUnsignedUrlIsRefused() throws Exception {
        store.put("snapshots/cam-2/b-1.jpg", new byte[]{1, 2, 3}, "image/jpeg");
        String url = store.presignedGet("snapshots/cam-2/b-1.jpg", Duration.ofMinutes(5)).url();

        String otherObject = url.replace("b-1.jpg", "a-1.jpg");
        int sig = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        String flipped = url.substring(0, sig) + (url.charAt(sig) == '0' ? '1' : '0') + url.substring(sig + 1);
        String unsigned = url.substring(0, url.indexOf('?'));
        for (String bad : new String[]{otherObject, flipped, unsigned}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bad)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad).isEqualTo(403);
        }
    }

    @Test
    void anExpiredUrlIsRefused() throws Exception {
        store.put("snapshots/cam-2/c-1.jpg", new byte[]{4, 5, 6}, "image/jpeg");
        SignedUrl url = store.presignedGet("snapshots/cam-2/c-1.jpg", Duration.ofSeconds(1));
        long waitMs = Duration.between(Instant.now(), url.expiresAt()).toMillis() + 1100;
        Thread.sleep(Math.max(0, waitMs));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void wrongCredentialsAreRefusedByTheServer() {
        try (ObjectStore intruder = new ObjectStore(new ObjectStoreSettings(server.endpoint(), ACCESS, "wrong-secret", "evidence", null))) {
            assertThatThrownBy(() -> intruder.put("snapshots/x.jpg", new byte[]{1}, "image/jpeg"))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("SignatureDoesNotMatch");
        }
        assertThat(store.exists("snapshots/x.jpg")).isFalse();
    }

    @Test
    void badSettingsAndKeysAreRefusedNamingTheField() {
        URI ok = URI.create("http://127.0.0.1:9000");
        assertThatThrownBy(() -> new ObjectStoreSettings(URI.create("ftp://h:21"), "a", "s", "evidence", null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("endpoint");
        assertThatThrownBy(() -> new ObjectStoreSettings(URI.create("http://h:9000/evidence"), "a", "s", "evidence", null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("endpoint");
        assertThatThrownBy(() -> new ObjectStoreSettings(ok, "", "s", "evidence", null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accessKey");
        assertThatThrownBy(() -> new ObjectStoreSettings(ok, "a", null, "evidence", null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("secretKey");
        assertThatThrownBy(() -> new ObjectStoreSettings(ok, "a", "s", "Evidence_Bucket", null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("bucket");
        ObjectStoreSettings s = new ObjectStoreSettings(ok, "a", "top-secret", "evidence", " ");
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.toString()).doesNotContain("top-secret");

        assertThatThrownBy(() -> store.put("/abs/key", new byte[0], null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("key");
        assertThatThrownBy(() -> store.put("snapshots/a.jpg", new byte[0], "jpeg"))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("contentType");
        assertThatThrownBy(() -> store.presignedGet("snapshots/a.jpg", Duration.ofDays(8)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("ttl");
    }
}
