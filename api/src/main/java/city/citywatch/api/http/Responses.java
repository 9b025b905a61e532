package city.citywatch.api.http;

import city.citywatch.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes successful JSON responses. */
public final class Responses {
    private Responses() {
    }

    public static void json(RoutingContext rc, int status, JsonObject body) {
        send(rc, status, body.toBuffer());
    }

    public static void send(RoutingContext rc, int status, Buffer json) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    /**
     * Serialises a domain object with the platform's one JSON mapping (the same one the event stream uses),
     * so an event looks the same over REST and Kafka. CPU work: call it on the blocking pool for big pages.
     */
    public static Buffer domainJson(Object value) {
        try {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
