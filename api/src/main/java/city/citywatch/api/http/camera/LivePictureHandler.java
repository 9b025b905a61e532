package city.citywatch.api.http.camera;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.camera.CameraRepository;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * A camera's latest analysed picture as JPEG, for the camera wall, the live view and the zone editor. Every picture
 * served is written to the audit log (who looked at which camera when).
 */
public final class LivePictureHandler {
    private final Vertx vertx;
    private final BlockingPool pool;
    private final CameraRepository cameras;
    private final CameraRuntime runtime;
    private final AuditLog audit;

    public LivePictureHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, CameraRuntime runtime, AuditLog audit) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.runtime = runtime;
        this.audit = audit;
    }

    public void mount(Routes routes) {
        routes.on("getCameraFrame", this::frame);
    }

    private void frame(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        Integer width = Requests.queryInt(rc, "width");
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            if (cameras.find(id).isEmpty()) throw ApiException.notFound("camera '" + id + "' does not exist");
            VideoFrame frame = runtime.latestFrame(id).orElseThrow(() -> new ApiException(503, "no_picture",
                    "camera '" + id + "' has no decoded picture on this node yet (not connected, or no rule analyses "
                            + "its frames); retry shortly", null));
            byte[] jpeg = JpegPicture.encode(frame, width);
            audit.append(Instant.now(), who.username(), "view_live", "cameras/" + id, "frame " + frame.capturedAt());
            return new Object[]{Buffer.buffer(jpeg), frame.capturedAt()};
        }).onSuccess(r -> rc.response().setStatusCode(200)
                .putHeader("Content-Type", "image/jpeg")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Captured-At", String.valueOf(r[1]))
                .end((Buffer) r[0])).onFailure(rc::fail);
    }
}
