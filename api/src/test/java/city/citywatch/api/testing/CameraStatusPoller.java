package city.citywatch.api.testing;

import city.citywatch.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for {@code GET /cameras/{id}/status} to report a state: the whole-platform tests' common first step. */
public final class CameraStatusPoller {
    /** A GET with whatever credentials the test uses. */
    @FunctionalInterface
    public interface Get {
        HttpResponse<String> get(String url) throws Exception;
    }

    private CameraStatusPoller() {
    }

    /** @return the status document once its {@code state} is {@code state}; fails with the last answer otherwise */
    public static JsonNode await(Get get, String statusUrl, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get.get(statusUrl);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode s = Json.mapper().readTree(r.body());
                if (s.path("state").asText().equals(state)) return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("camera not " + state + " within " + timeout.toSeconds() + " s; last status: " + last);
    }
}
