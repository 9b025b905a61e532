package city.citywatch.api.http;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

class OperationsApiTest extends OneApiPerClass {
    @Test
    void servesTheContractItValidatesAgainstAndTheContractIsValid() throws Exception {
        HttpResponse<String> response = api.get("/api/v1/openapi.yaml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
        String packaged;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/citywatch.yaml")) {
            packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response.body()).isEqualTo(packaged);

        // What a client downloads parses as a valid OpenAPI 3.1 contract (vertx-openapi checks it against
        // the OpenAPI meta-schema) and declares every operation the server implements.
        Path downloaded = dir.resolve("downloaded.yaml");
        Files.writeString(downloaded, response.body());
        OpenAPIContract parsed = OpenAPIContract.from(api.vertx, downloaded.toString())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(parsed.getVersion()).isEqualTo(OpenAPIVersion.V3_1);
        assertThat(parsed.operations()).extracting(o -> o.getOperationId()).containsExactlyInAnyOrder(
                "listCameras", "createCamera", "getCamera", "deleteCamera", "getCameraStatus",
                "listEvents", "getEvent", "getEventHistory", "getEventClip", "getEventSnapshot",
                "getContract", "getHealth", "getMetrics", "discoverOnvifDevices", "createCameraFromOnvif");
    }

    @Test
    void healthIsUpWithItsChecksAndDownWhenACheckIsDown() throws Exception {
        HttpResponse<String> up = api.get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        contract.assertConforms("getHealth", up);
        JsonObject body = json(up);
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getString("detail")).startsWith("H2");

        api.extraHealth.put("kafka", HealthState.down("broker 127.0.0.1:9092 unreachable"));
        try {
            HttpResponse<String> down = api.get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            contract.assertConforms("getHealth", down);
            JsonObject downBody = json(down);
            assertThat(downBody.getString("status")).isEqualTo("DOWN");
            assertThat(downBody.getJsonObject("checks").getJsonObject("kafka").getString("detail"))
                    .isEqualTo("broker 127.0.0.1:9092 unreachable");
            assertThat(downBody.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
        } finally {
            api.extraHealth.clear();
        }
    }

    @Test
    void metricsExposeTheRegistryInPrometheusFormat() throws Exception {
        Counter counter = Counter.builder("citywatch.test.events").description("test counter").register(api.registry);
        counter.increment(3);

        HttpResponse<String> response = api.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE citywatch_test_events_total counter")
                .contains("citywatch_test_events_total 3.0");
    }

    @Test
    void unknownPathAndMethodGetJsonErrors() throws Exception {
        HttpResponse<String> missing = api.get("/api/v1/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(error(missing).getString("code")).isEqualTo("not_found");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> put = api.http.send(HttpRequest.newBuilder(api.uri("/api/v1/cameras"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(error(put).getString("code")).isEqualTo("method_not_allowed");
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        HttpResponse<String> a = api.get("/health");
        HttpResponse<String> b = api.get("/api/v1/nothing-here");
        assertThat(a.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(b.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(error(b).getString("requestId")).isEqualTo(b.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.headers().firstValue("X-Request-Id")).isNotEqualTo(b.headers().firstValue("X-Request-Id"));
    }
}
