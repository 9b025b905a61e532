package city.citywatch.api.http.error;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Gives every request an id, returned in {@code X-Request-Id} and written with every log line about the
 * request, so an operator can match a client's error report to the server log. The client's own header
 * is not trusted: it could forge or flood log lines. A platform handler, so that it runs before the body
 * handler and even refused bodies get an id.
 */
public final class RequestIds implements PlatformHandler {
    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "citywatch.requestId";

    @Override
    public void handle(RoutingContext rc) {
        String id = UUID.randomUUID().toString();
        rc.put(KEY, id);
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    /** The request's id, or null if the request never reached the id handler (e.g. no route matched). */
    public static String of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
