package city.citywatch.api.app;

import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with the api role only serves the API: it loads no detector (its models folder does not even exist),
 * pulls no camera stream and runs no outbox publisher; cameras it registers are left to the ingest nodes.
 */
class ApiOnlyNodeTest {
    @Test
    void anApiNodeServesTheApiWithoutRunningCameras(@TempDir Path dir) throws Exception {
        var config = ConfigLoader.parseYaml("""
                roles: [api]
                dataDir: %s
                http: {host: 127.0.0.1, port: 0}
                kafka: {embeddedPort: 0}
                objectStore: {embeddedPort: 0}
                models: {dir: %s}
                auth:
                  jwtSecret: api-only-node-test-secret-0123456789
                  users: [{username: ops, displayName: Ops, passwordHash: '%s', roles: [admin]}]
                """.formatted(dir.resolve("data"), dir.resolve("no-models-here"),
                PasswordHash.hash("ops-pass", PasswordHash.MIN_ITERATIONS)), Map.of());
        try (Platform platform = Platform.start(config)) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(api + "/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\"ops-pass\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            String bearer = "Bearer " + Json.mapper().readTree(signIn.body()).path("token").asText();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api + "/cameras"))
                    .header("Content-Type", "application/json").header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"id": "gate-1", "name": "Gate", "streamUri": "rtsp://10.0.0.9:554/main",
                             "location": {"lat": 30.6, "lon": 104.1, "address": "Gate"}, "zones": []}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(api + "/cameras/gate-1/status"))
                            .header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).as("no worker on this node reports on the camera").isEqualTo(503);

            JsonNode health = Json.mapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + platform.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(health.path("checks").has("kafka")).as("no publisher on an api-only node").isFalse();
            assertThat(health.path("checks").path("database").path("status").asText()).isEqualTo("UP");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("camera-gate-1"));

            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.httpPort() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("jvm_memory_used_bytes", "citywatch_evidence_spooled")
                    .doesNotContain("citywatch_outbox_pending");
        }
    }
}
