package city.citywatch.api.http.live;

import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.api.live.LiveFeed;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/live}: a WebSocket that pushes every event change as it crosses Kafka (see {@link LiveFeed}).
 * Every role that may open it may read every event, so nothing is filtered per socket. A client that cannot keep
 * up is disconnected rather than buffered without bound: the console reconnects and reloads the list.
 */
public final class LiveSocketHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSocketHandler.class);

    private final Vertx vertx;

    public LiveSocketHandler(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Routes routes) {
        routes.on("openLiveFeed", this::open);
    }

    private void open(RoutingContext rc) {
        Principal who = Principal.of(rc);
        String upgrade = rc.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new ApiException(400, "invalid_request", "this endpoint is a WebSocket: connect with ws:// or wss://", null);
        }
        rc.request().toWebSocket().onSuccess(ws -> attach(ws, who)).onFailure(e ->
                LOG.warn("live WebSocket upgrade for {} failed: {}", who.username(), e.getMessage()));
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
