package city.citywatch.api.http.console;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.suppression.Suppression;
import city.citywatch.storage.suppression.SuppressionRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/** The active zone suppressions (created by false alarms) and their early end. */
public final class SuppressionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SuppressionHandler.class);

    private final Vertx vertx;
    private final BlockingPool pool;
    private final SuppressionRepository suppressions;
    private final AuditLog audit;

    public SuppressionHandler(Vertx vertx, BlockingPool pool, SuppressionRepository suppressions, AuditLog audit) {
        this.vertx = vertx;
        this.pool = pool;
        this.suppressions = suppressions;
        this.audit = audit;
    }

    public void mount(Routes routes) {
        routes.on("listSuppressions", this::list);
        routes.on("deleteSuppression", this::delete);
    }

    private void list(RoutingContext rc) {
        pool.run(vertx, () -> suppressions.active(Instant.now())).onSuccess(all -> {
            JsonArray items = new JsonArray();
            all.forEach(s -> items.add(toJson(s)));
            Responses.json(rc, 200, new JsonObject().put("items", items));
        }).onFailure(rc::fail);
    }

    private void delete(RoutingContext rc) {
        String raw = Requests.pathParam(rc, "id");
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("id", "must be a suppression id (UUID), got '" + raw + "'");
        }
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            Suppression s = suppressions.find(id).orElseThrow(() -> ApiException.notFound("suppression " + id + " does not exist"));
            if (!suppressions.delete(id)) throw ApiException.notFound("suppression " + id + " does not exist");
            audit.append(Instant.now(), who.username(), "delete_suppression", "cameras/" + s.cameraId() + "/zones/" + s.zoneId(),
                    "suppression " + id + " of " + s.kind().wireName());
            LOG.info("{} ended the suppression of zone {} of camera {}", who.username(), s.zoneId(), s.cameraId());
            return s;
        }).onSuccess(s -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    static JsonObject toJson(Suppression s) {
        return new JsonObject().put("id", s.id().toString()).put("cameraId", s.cameraId()).put("zoneId", s.zoneId())
                .put("kind", s.kind().wireName()).put("createdBy", s.createdBy()).put("createdAt", s.createdAt().toString())
                .put("until", s.until() == null ? null : s.until().toString()).put("reason", s.reason())
                .put("eventId", s.eventId() == null ? null : s.eventId().toString());
    }
}
