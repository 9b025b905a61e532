package city.citywatch.api.http.console;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.core.camera.Camera;
import city.citywatch.storage.camera.CameraRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * What the console's map needs to draw itself: the tile source if the deployment has one (none can be fetched
 * from a closed city network), the base layer (district outline) otherwise, and where to centre: the configured
 * point, else the middle of the cameras.
 */
public final class MapHandler {
    private final Vertx vertx;
    private final BlockingPool pool;
    private final CameraRepository cameras;
    private final MapSettings settings;
    private final Object baseLayer;

    public MapHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, MapSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.settings = settings;
        this.baseLayer = settings.baseLayerGeoJson() == null ? null : new JsonObject(settings.baseLayerGeoJson());
    }

    public void mount(Routes routes) {
        routes.on("getMap", this::map);
    }

    private void map(RoutingContext rc) {
        pool.run(vertx, cameras::list).onSuccess(all -> {
            JsonObject body = new JsonObject()
                    .put("tiles", settings.tileUrl() == null ? null : new JsonObject().put("url", settings.tileUrl())
                            .put("attribution", settings.attribution()))
                    .put("baseLayer", baseLayer)
                    .put("center", center(all))
                    .put("zoom", settings.zoom());
            Responses.json(rc, 200, body);
        }).onFailure(rc::fail);
    }

    private JsonArray center(List<Camera> all) {
        if (settings.centerLat() != null) return new JsonArray().add(settings.centerLat()).add(settings.centerLon());
        double lat = 0, lon = 0;
        int n = 0;
        for (Camera c : all) {
            if (c.location() == null) continue;
            lat += c.location().lat();
            lon += c.location().lon();
            n++;
        }
        return n == 0 ? null : new JsonArray().add(lat / n).add(lon / n);
    }
}
