package city.citywatch.api.http;

import java.util.Map;

/**
 * The node's health checks, by name ("database", "objectStore", "kafka"…). Called on the API's blocking
 * pool for every /health request, so a check may block briefly (a database ping) but should time out
 * on its own well under a second or two.
 */
@FunctionalInterface
public interface HealthSource {
    Map<String, HealthState> check();
}
