package city.citywatch.api.http.error;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the one error shape of the API: {@code {"error":{"status","code","message","field","requestId"}}}. */
public final class ErrorBody {
    private ErrorBody() {
    }

    public static JsonObject of(int status, String code, String message, String field, String requestId) {
        JsonObject error = new JsonObject()
                .put("status", status)
                .put("code", code)
                .put("message", message)
                .put("field", field);
        if (requestId != null) error.put("requestId", requestId);
        return new JsonObject().put("error", error);
    }

    public static void send(RoutingContext rc, ApiException e) {
        send(rc, e.status(), e.code(), e.getMessage(), e.field());
    }

    public static void send(RoutingContext rc, int status, String code, String message, String field) {
        if (rc.response().ended()) return;
        if (rc.response().headWritten()) {
            // Part of a response is on the wire already: the only honest signal left is a broken connection.
            rc.response().reset();
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(of(status, code, message, field, RequestIds.of(rc)).encode());
    }
}
