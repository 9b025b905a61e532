package city.citywatch.api.http.live;

import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.AccessControl;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.api.live.LiveFeed;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code GET /api/v1/live}: a WebSocket that pushes every event change as it crosses Kafka (see {@link LiveFeed}).
 * The upgrade is taken by the HTTP server's WebSocket handler (the router's body handling would consume it), after
 * the same access check as every other operation, with the token from the query (browsers cannot set headers on a
 * WebSocket). Every role that may open it may read every event, so nothing is filtered per socket. A client that
 * cannot keep up is disconnected rather than buffered without bound: the console reconnects and reloads the list.
 */
public final class LiveSocketHandler implements Handler<ServerWebSocket> {
    public static final String PATH = "/api/v1/live";
    private static final String OPERATION = "openLiveFeed";
    private static final Logger LOG = LoggerFactory.getLogger(LiveSocketHandler.class);

    private final Vertx vertx;
    private final AccessControl access;

    public LiveSocketHandler(Vertx vertx, AccessControl access) {
        this.vertx = vertx;
        this.access = access;
    }

    /** A plain GET (no upgrade) reaches the router: it is told to connect as a WebSocket. */
    public void mount(Routes routes) {
        routes.on(OPERATION, rc -> {
            throw new ApiException(400, "invalid_request", "this endpoint is a WebSocket: connect with ws:// or wss://", null);
        });
    }

    @Override
    public void handle(ServerWebSocket ws) {
        if (!PATH.equals(ws.path())) {
            ws.reject(404);
            return;
        }
        List<String> token = new QueryStringDecoder(ws.uri()).parameters().getOrDefault("token", List.of());
        Future<Principal> who = access.authorize(OPERATION, ws.headers(), token.isEmpty() ? null : token.getFirst());
        ws.setHandshake(who.map(p -> 101).otherwise(e -> {
            LOG.info("live WebSocket refused: {}", e.getMessage());
            return e instanceof ApiException a ? a.status() : 500;
        })).onSuccess(status -> {
            if (status == 101) attach(ws, who.result());
        });
    }

    private void attach(ServerWebSocket ws, Principal who) {
        MessageConsumer<String> consumer = vertx.eventBus().consumer(LiveFeed.ADDRESS, msg -> {
            if (ws.isClosed()) return;
            if (ws.writeQueueFull()) {
                LOG.warn("live WebSocket of {} is not keeping up; closing it (the console reconnects)", who.username());
                ws.close((short) 1013, "too slow; reconnect");
                return;
            }
            ws.writeTextMessage(msg.body());
        });
        ws.closeHandler(v -> consumer.unregister());
        ws.exceptionHandler(e -> LOG.debug("live WebSocket of {}: {}", who.username(), e.toString()));
        consumer.completionHandler(r -> ws.writeTextMessage(new JsonObject().put("type", "hello")
                .put("user", who.toJson()).encode()));
    }
}
