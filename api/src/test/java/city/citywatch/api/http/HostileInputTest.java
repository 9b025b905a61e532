package city.citywatch.api.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static city.citywatch.api.http.ApiFixture.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized and hostile requests are refused cheaply and leave nothing behind. Runs a server with a small
 * body limit and a blocking pool of one thread and one queue slot, so that overload is easy to provoke.
 */
class HostileInputTest {
    static final long LIMIT = 8 * 1024;

    @TempDir
    static Path dir;
    static ApiFixture api;
    static final CountDownLatch release = new CountDownLatch(1);
    static volatile boolean blockHealth;

    @BeforeAll
    static void start() throws Exception {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, LIMIT, HttpSettings.DEFAULT_SIGNED_URL_TTL, 1, 1);
        api = ApiFixture.start(dir, settings, () -> {
            if (blockHealth) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Map.of("test", HealthState.up());
        });
    }

    @AfterAll
    static void stop() throws Exception {
        release.countDown();
        api.close();
    }

    @Test
    void bodyOverTheLimitIs413AndNothingIsStored() throws Exception {
        String name = "x".repeat((int) LIMIT);
        HttpResponse<String> response = api.postJson("/api/v1/cameras",
                "{\"id\":\"big\",\"name\":\"" + name + "\",\"streamUri\":\"rtsp://h/x\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).getString("code")).isEqualTo("payload_too_large");
        assertThat(error(response).getString("message")).contains(String.valueOf(LIMIT));
        assertThat(api.cameras.list()).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsRefusedAsMalformed() throws Exception {
        String nested = "[".repeat(4000) + "]".repeat(4000);
        HttpResponse<String> response = api.postJson("/api/v1/cameras", nested);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).getString("code")).isEqualTo("malformed_json");
        assertThat(error(response).getString("message")).contains("nesting");
    }

    @Test
    void tooManyZonesAndOverlongValuesAreRefusedByTheContract() throws Exception {
        StringBuilder zones = new StringBuilder("[");
        for (int i = 0; i < 33; i++) {
            if (i > 0) zones.append(',');
            zones.append("{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0],[1,1]]}");
        }
        zones.append(']');
        HttpResponse<String> many = api.postJson("/api/v1/cameras",
                "{\"id\":\"many\",\"streamUri\":\"rtsp://h/x\",\"zones\":" + zones + "}");
        assertThat(many.statusCode()).isEqualTo(400);
        assertThat(error(many).getString("field")).isEqualTo("zones");
        assertThat(error(many).getString("message")).contains("at most 32");

        HttpResponse<String> longName = api.postJson("/api/v1/cameras",
                "{\"id\":\"long\",\"name\":\"" + "n".repeat(201) + "\",\"streamUri\":\"rtsp://h/x\"}");
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(error(longName).getString("field")).isEqualTo("name");
        assertThat(api.cameras.list()).isEmpty();
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: " + "j".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        }
    }

    @Test
    void fullWorkQueueAnswers503Busy() throws Exception {
        blockHealth = true;
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        try {
            // One call occupies the only thread, one waits in the only queue slot...
            for (int i = 0; i < 2; i++) {
                inFlight.add(api.http.sendAsync(HttpRequest.newBuilder(api.uri("/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(200);
            }
            // ...so the next call is refused at once instead of piling up,
            HttpResponse<String> refused = api.get("/api/v1/cameras");
            assertThat(refused.statusCode()).isEqualTo(503);
            JsonObject error = error(refused);
            assertThat(error.getString("code")).isEqualTo("busy");
            // and a health probe learns that the node is overloaded.
            HttpResponse<String> health = api.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(ApiFixture.json(health).getJsonObject("checks").getJsonObject("health").getString("detail"))
                    .contains("overloaded");
        } finally {
            blockHealth = false;
            release.countDown();
        }
        for (var f : inFlight) assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
