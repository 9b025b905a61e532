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
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
    private static final String BOUNDARY = "citywatchframe";
    /** How often the stream looks for a new picture; analysis produces about one a second. */
    private static final long MJPEG_PERIOD_MS = 250;

    public LivePictureHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, CameraRuntime runtime, AuditLog audit) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.runtime = runtime;
        this.audit = audit;
    }

    public void mount(Routes routes) {
        routes.on("getCameraFrame", this::frame);
        routes.on("streamCameraLive", this::mjpeg);
    }

    /**
     * The live view as MJPEG ({@code multipart/x-mixed-replace}, which an {@code <img>} plays): each new analysed
     * picture is sent as one part. A viewer that cannot keep up skips pictures instead of queueing them; the stream
     * ends when the viewer goes. The opening of the stream is audited once.
     */
    private void mjpeg(RoutingContext rc) {
        String id = Requests.pathParam(rc, "id");
        Integer width = Requests.queryInt(rc, "width");
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            if (cameras.find(id).isEmpty()) throw ApiException.notFound("camera '" + id + "' does not exist");
            if (runtime.latestFrame(id).isEmpty()) {
                throw new ApiException(503, "no_picture", "camera '" + id + "' has no decoded picture on this node yet; retry shortly", null);
            }
            audit.append(Instant.now(), who.username(), "view_live", "cameras/" + id, "live MJPEG stream");
            return id;
        }).onSuccess(ok -> {
            HttpServerResponse response = rc.response().setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY)
                    .putHeader("Cache-Control", "no-store");
            AtomicReference<Instant> sent = new AtomicReference<>();
            AtomicBoolean encoding = new AtomicBoolean();
            long timer = vertx.setPeriodic(0, MJPEG_PERIOD_MS, t -> {
                VideoFrame frame = runtime.latestFrame(id).orElse(null);
                if (frame == null || frame.capturedAt().equals(sent.get()) || response.writeQueueFull()
                        || !encoding.compareAndSet(false, true)) return;
                pool.run(vertx, () -> JpegPicture.encode(frame, width)).onComplete(r -> {
                    encoding.set(false);
                    if (r.failed() || response.closed() || response.ended()) return;
                    sent.set(frame.capturedAt());
                    response.write(Buffer.buffer("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                            + r.result().length + "\r\n\r\n").appendBytes(r.result()).appendString("\r\n"));
                });
            });
            response.closeHandler(v -> vertx.cancelTimer(timer));
            response.exceptionHandler(e -> vertx.cancelTimer(timer));
        }).onFailure(rc::fail);
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
