package city.citywatch.api.http;

import city.citywatch.core.validation.ValidationException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Typed access to a request that the contract validator has accepted. */
public final class Requests {
    private Requests() {
    }

    public static ValidatedRequest validated(RoutingContext rc) {
        ValidatedRequest vr = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        if (vr == null) throw new IllegalStateException("route " + rc.currentRoute().getPath() + " was not validated");
        return vr;
    }

    public static String pathParam(RoutingContext rc, String name) {
        RequestParameter p = validated(rc).getPathParameters().get(name);
        return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    public static String query(RoutingContext rc, String name) {
        RequestParameter p = validated(rc).getQuery().get(name);
        return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    public static Integer queryInt(RoutingContext rc, String name) {
        RequestParameter p = validated(rc).getQuery().get(name);
        return p == null || p.isNull() ? null : p.getInteger();
    }

    /** An ISO-8601 instant; an offset other than Z is accepted and converted. */
    public static Instant queryInstant(RoutingContext rc, String name) {
        String s = query(rc, name);
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, "must be an ISO-8601 date-time such as 2025-01-31T08:00:00Z, got '"
                    + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'");
        }
    }

    public static JsonObject jsonBody(RoutingContext rc) {
        RequestParameter body = validated(rc).getBody();
        if (body == null || body.isNull()) throw new ValidationException("body", "is required");
        return body.getJsonObject();
    }
}
