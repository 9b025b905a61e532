package city.citywatch.api.http;

import city.citywatch.api.http.camera.CameraHandler;
import city.citywatch.api.http.onvif.OnvifHandler;
import city.citywatch.api.http.contract.ApiContract;
import city.citywatch.api.http.contract.SingleDecodingExtractor;
import city.citywatch.api.http.error.ErrorBody;
import city.citywatch.api.http.error.FailureHandler;
import city.citywatch.api.http.error.JsonBodyGate;
import city.citywatch.api.http.error.RequestIds;
import city.citywatch.api.http.event.EventHandler;
import city.citywatch.api.http.event.EvidenceHandler;
import city.citywatch.api.http.ops.ContractHandler;
import city.citywatch.api.http.ops.HealthHandler;
import city.citywatch.api.http.ops.MetricsHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Assembles the API: request ids and body limits first, then the contract's validation, then one handler
 * class per resource. A new resource (event workflow, zones, live feed) is one more handler mounted here.
 */
public final class ApiRouter {
    private ApiRouter() {
    }

    public static Router create(Vertx vertx, ApiContract contract, HttpApiDependencies deps, BlockingPool pool) {
        HttpSettings settings = deps.settings();
        RouterBuilder builder = RouterBuilder.create(vertx, contract.contract(), new SingleDecodingExtractor());
        builder.rootHandler(new RequestIds());
        // No file uploads: the API takes JSON only, and an upload directory would be a disk to fill.
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        builder.rootHandler(new JsonBodyGate());

        Routes routes = new Routes(builder, contract.contract());
        new CameraHandler(vertx, pool, deps.cameras(), deps.cameraRuntime()).mount(routes);
        new OnvifHandler(vertx, pool, deps.cameras(), deps.cameraRuntime(), deps.onvif()).mount(routes);
        new EventHandler(vertx, pool, deps.events(), deps.cameras()).mount(routes);
        new EvidenceHandler(vertx, pool, deps.events(), deps.objectStore(), settings.signedUrlTtl()).mount(routes);
        new HealthHandler(vertx, pool, deps.health()).mount(routes);
        new MetricsHandler(deps.meterRegistry()).mount(routes);
        new ContractHandler(contract.source()).mount(routes);

        Router router = builder.createRouter();
        router.route().failureHandler(new FailureHandler(settings.maxBodyBytes(), contract.contract()));
        router.errorHandler(404, rc -> ErrorBody.send(rc, 404, "not_found",
                "no resource at " + abbreviate(rc.request().path()) + " (see /api/v1/openapi.yaml)", null));
        router.errorHandler(405, rc -> ErrorBody.send(rc, 405, "method_not_allowed",
                rc.request().method() + " is not allowed on " + abbreviate(rc.request().path()), null));
        return router;
    }

    private static String abbreviate(String path) {
        if (path == null) return "";
        return path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }
}
