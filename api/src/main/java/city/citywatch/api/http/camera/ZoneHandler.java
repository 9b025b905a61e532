package city.citywatch.api.http.camera;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Zone;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.camera.CameraRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Replaces a camera's zones (the zone editor's save). Stored first, then handed to the running analysis, which
 * applies them from its next frame; if the runtime refuses, the old zones are stored back.
 */
public final class ZoneHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneHandler.class);

    private final Vertx vertx;
    private final BlockingPool pool;
    private final CameraRepository cameras;
    private final CameraRuntime runtime;
    private final AuditLog audit;

    public ZoneHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, CameraRuntime runtime, AuditLog audit) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.runtime = runtime;
        this.audit = audit;
    }

    public void mount(Routes routes) {
        routes.on("replaceCameraZones", this::replace);
    }

    private void replace(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        RequestParameter body = Requests.validated(rc).getBody();
        if (body == null || body.isNull()) throw new ValidationException("body", "is required: a list of zones");
        JsonArray array = body.getJsonArray();
        List<Zone> zones = CameraJson.zones(id, array);
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            Camera before = cameras.find(id).orElseThrow(() -> ApiException.notFound("camera '" + id + "' does not exist"));
            cameras.replaceZones(id, zones);
            Camera after = before.withZones(zones);
            try {
                runtime.zonesReplaced(after);
            } catch (RuntimeException e) {
                LOG.error("camera {}: new zones stored but the running analysis refused them; restoring the old ones", id, e);
                cameras.replaceZones(id, before.zones());
                throw new ApiException(503, "analysis_unavailable", "the running analysis of camera '" + id
                        + "' could not take the new zones; nothing was changed (the server log says why); retry", null);
            }
            audit.append(Instant.now(), who.username(), "edit_zones", "cameras/" + id,
                    zones.size() + " zone(s): " + String.join(", ", zones.stream().map(Zone::id).toList()));
            LOG.info("camera {}: {} replaced its zones ({} zone(s)); analysis applies them from the next frame",
                    id, who.username(), zones.size());
            return cameras.find(id).orElse(after);
        }).onSuccess(c -> Responses.json(rc, 200, CameraJson.toJson(c))).onFailure(rc::fail);
    }
}
