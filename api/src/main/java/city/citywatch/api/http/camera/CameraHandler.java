package city.citywatch.api.http.camera;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.storage.camera.CameraRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The camera resource: list, get, create (with zones), delete, live status. A camera change is stored
 * first and then announced to the {@link CameraRuntime}; if the runtime refuses it, the stored change is
 * undone, so the database and the running cameras never disagree.
 */
public final class CameraHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CameraHandler.class);
    public static final String BASE_PATH = "/api/v1/cameras";

    private final Vertx vertx;
    private final BlockingPool pool;
    private final CameraRepository cameras;
    private final CameraRuntime runtime;

    public CameraHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, CameraRuntime runtime) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.runtime = runtime;
    }

    public void mount(Routes routes) {
        routes.on("listCameras", this::list);
        routes.on("getCamera", this::get);
        routes.on("createCamera", this::create);
        routes.on("deleteCamera", this::delete);
        routes.on("getCameraStatus", this::status);
    }

    private void list(RoutingContext rc) {
        pool.run(vertx, cameras::list)
                .onSuccess(all -> Responses.json(rc, 200, new JsonObject().put("items", toJson(all))))
                .onFailure(rc::fail);
    }

    private void get(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        pool.run(vertx, () -> cameras.find(id).orElseThrow(() -> unknown(id)))
                .onSuccess(camera -> Responses.json(rc, 200, CameraJson.toJson(camera)))
                .onFailure(rc::fail);
    }

    private void create(RoutingContext rc) {
        Camera camera = CameraJson.fromJson(Requests.jsonBody(rc));
        pool.run(vertx, () -> {
            CameraAdmission.admit(cameras, runtime, camera);
            return camera;
        }).onSuccess(created -> {
            LOG.info("Camera '{}' created with {} zone(s)", created.id(), created.zones().size());
            rc.response().putHeader("Location", BASE_PATH + "/" + created.id());
            Responses.json(rc, 201, CameraJson.toJson(created));
        }).onFailure(rc::fail);
    }

    private void delete(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        pool.run(vertx, () -> {
            Camera existing = cameras.find(id).orElseThrow(() -> unknown(id));
            if (!cameras.delete(id)) throw unknown(id);
            try {
                runtime.cameraRemoved(id);
            } catch (RuntimeException e) {
                LOG.error("Camera '{}' was deleted but the camera runtime failed to stop it; restoring it", id, e);
                cameras.create(existing);
                throw e;
            }
            return existing;
        }).onSuccess(deleted -> {
            LOG.info("Camera '{}' deleted", deleted.id());
            rc.response().setStatusCode(204).end();
        }).onFailure(rc::fail);
    }

    private void status(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        pool.run(vertx, () -> {
            if (cameras.find(id).isEmpty()) throw unknown(id);
            CameraStatus status = runtime.status(id).orElseThrow(() -> new ApiException(503, "status_unavailable",
                    "no ingest worker reports on camera '" + id + "' yet; retry shortly", null));
            return Responses.domainJson(status);
        }).onSuccess(json -> Responses.send(rc, 200, json)).onFailure(rc::fail);
    }

    private static JsonArray toJson(List<Camera> all) {
        JsonArray items = new JsonArray();
        for (Camera c : all) items.add(CameraJson.toJson(c));
        return items;
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("camera '" + id + "' does not exist");
    }
}
