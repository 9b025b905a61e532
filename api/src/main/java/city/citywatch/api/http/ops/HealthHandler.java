package city.citywatch.api.http.ops;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.HealthSource;
import city.citywatch.api.http.HealthState;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code /health}: 200 when every check is UP, 503 when any is DOWN, so a load balancer or Kubernetes
 * probe can act on the status alone while an operator reads the checks.
 */
public final class HealthHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);

    private final Vertx vertx;
    private final BlockingPool pool;
    private final HealthSource source;

    public HealthHandler(Vertx vertx, BlockingPool pool, HealthSource source) {
        this.vertx = vertx;
        this.pool = pool;
        this.source = source;
    }

    public void mount(Routes routes) {
        routes.on("getHealth", this::health);
    }

    private void health(RoutingContext rc) {
        pool.run(vertx, source::check)
                .recover(e -> {
                    // A check that throws, or that cannot even run, is a failed check rather than a server
                    // error: the probe must see an unhealthy node.
                    String detail = e instanceof RejectedExecutionException
                            ? "the server is overloaded: its work queue is full"
                            : "health check failed (see the node's log)";
                    LOG.warn("Health check answered DOWN: {}", detail, e instanceof RejectedExecutionException ? null : e);
                    return Future.succeededFuture(Map.of("health", HealthState.down(detail)));
                })
                .onSuccess(checks -> {
                    JsonObject body = new JsonObject();
                    boolean up = true;
                    JsonObject all = new JsonObject();
                    for (Map.Entry<String, HealthState> e : new TreeMap<>(checks).entrySet()) {
                        HealthState s = e.getValue() == null ? HealthState.down("no state reported") : e.getValue();
                        up &= s.isUp();
                        all.put(e.getKey(), new JsonObject().put("status", s.status().name()).put("detail", s.detail()));
                    }
                    body.put("status", up ? "UP" : "DOWN").put("checks", all);
                    Responses.json(rc, up ? 200 : 503, body);
                })
                .onFailure(rc::fail);
    }
}
