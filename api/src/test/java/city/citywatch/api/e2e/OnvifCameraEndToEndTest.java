package city.citywatch.api.e2e;

import city.citywatch.api.testing.CameraStatusPoller;
import city.citywatch.api.app.Platform;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.json.Json;
import city.citywatch.ingest.testing.OnvifCameraSimulator;
import city.citywatch.ingest.testing.OnvifVideos;
import city.citywatch.ingest.testing.TestVideos;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator brings a camera in by its ONVIF address: the whole platform (embedded Kafka, S3 server, H2, the real
 * camera supervisor) asks the simulated ONVIF device for its profiles and streams, creates the camera with the main
 * stream for recording and the sub-stream for analysis, and the camera then streams: both RTSP connections up,
 * status ONLINE with frames arriving.
 */
class OnvifCameraEndToEndTest {
    /** Adding cameras is the admin's: the test calls the API with an admin service key. */
    private static final String API_KEY = "e2e-admin-key";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void cameraCreatedFromAnOnvifAddressGoesOnline(@TempDir Path dir) throws Exception {
        Path videos = Path.of("target", "test-videos");
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put("/main", OnvifVideos.main(videos));
        mounts.put("/sub", OnvifVideos.sub(videos));
        try (OnvifCameraSimulator device = OnvifCameraSimulator.start(mounts,
                List.of("--onvif-user", "operator", "--onvif-password", "Gate7-pass", "--onvif-clock-offset", "-900"));
             Platform platform = Platform.start(ConfigLoader.parseYaml("""
                     dataDir: %s
                     http: {host: 127.0.0.1, port: 0}
                     kafka: {embeddedPort: 0}
                     objectStore: {embeddedPort: 0}
                     models: {dir: %s}
                     onvif: {requestTimeoutMillis: 5000}
                     auth:
                       apiKeys: [{name: e2e-admin, keyHash: '%s', roles: [admin]}]
                     """.formatted(dir.resolve("data"), TestVideos.sharedDir().resolve("models"), PasswordHash.apiKeyHash(API_KEY)),
                     Map.of()))) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";

            HttpResponse<String> created = post(api + "/cameras/onvif", """
                    {"id": "gate-7", "name": "Gate 7", "address": "%s", "username": "operator", "password": "Gate7-pass",
                     "zones": [{"id": "kerb", "kind": "no_parking", "dwellSeconds": 30,
                                "polygon": [[0.1,0.5],[0.9,0.5],[0.9,0.9],[0.1,0.9]]}]}""".formatted(device.deviceService()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode body = Json.mapper().readTree(created.body());
            assertThat(body.path("analysisProfile").asText()).isEqualTo("profile_1");
            assertThat(body.path("device").path("clockOffsetSeconds").asLong()).isBetween(-910L, -890L);
            assertThat(body.path("camera").path("streamUri").asText()).endsWith("/main").contains("operator:***@");
            assertThat(body.path("camera").path("analysisStreamUri").asText()).endsWith("/sub");

            JsonNode status = awaitOnline(api + "/cameras/gate-7/status", Duration.ofSeconds(60));
            assertThat(status.path("reason").isNull()).isTrue();
            assertThat(status.path("lastFrameAt").isNull()).isFalse();

            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(api + "/cameras/gate-7"))
                            .header("X-Api-Key", API_KEY).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(get(api + "/cameras/gate-7/status").statusCode()).isEqualTo(404);
        }
    }

    private JsonNode awaitOnline(String url, Duration limit) throws Exception {
        return CameraStatusPoller.await(this::get, url, "ONLINE", limit);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-Api-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
