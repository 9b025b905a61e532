package city.citywatch.api.http.console;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.storage.audit.AuditLog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/** The audit log, newest first: who viewed which evidence or live picture, who changed zones or suppressions. */
public final class AuditHandler {
    private final Vertx vertx;
    private final BlockingPool pool;
    private final AuditLog audit;

    public AuditHandler(Vertx vertx, BlockingPool pool, AuditLog audit) {
        this.vertx = vertx;
        this.pool = pool;
        this.audit = audit;
    }

    public void mount(Routes routes) {
        routes.on("listAudit", this::list);
    }

    private void list(RoutingContext rc) {
        String actor = Requests.query(rc, "actor");
        String action = Requests.query(rc, "action");
        Instant since = Requests.queryInstant(rc, "since");
        Instant until = Requests.queryInstant(rc, "until");
        Integer limit = Requests.queryInt(rc, "limit");
        pool.run(vertx, () -> audit.query(actor, action, since, until, limit == null ? 100 : limit)).onSuccess(all -> {
            JsonArray items = new JsonArray();
            all.forEach(e -> items.add(new JsonObject().put("seq", e.seq()).put("at", e.at().toString())
                    .put("actor", e.actor()).put("action", e.action()).put("resource", e.resource()).put("detail", e.detail())));
            Responses.json(rc, 200, new JsonObject().put("items", items));
        }).onFailure(rc::fail);
    }
}
