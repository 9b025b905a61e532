package city.citywatch.api.http;

import city.citywatch.core.auth.UserRole;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.storage.suppression.Suppression;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static city.citywatch.core.auth.UserRole.ADMIN;
import static city.citywatch.core.auth.UserRole.OFFICER;
import static city.citywatch.core.auth.UserRole.POLICE;
import static city.citywatch.core.auth.UserRole.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role matrix, enforced by the server and tested through the API: for every operation and every role, the
 * request without credentials answers 401, with a role the operation does not admit 403 {@code forbidden}, and with
 * an admitted role 2xx. The expected matrix is written out here, independently of the contract's {@code x-roles},
 * so a wrong entry in either is caught. People sign in with passwords (bearer tokens); the service account uses its
 * API key.
 */
class RoleMatrixTest extends OneApiPerClass {
    private static final Set<UserRole> ALL = EnumSet.allOf(UserRole.class);
    private static final Set<UserRole> VIEWERS = EnumSet.of(ADMIN, OFFICER, POLICE);
    private static final Set<UserRole> WORKERS = EnumSet.of(ADMIN, OFFICER);
    private static final Set<UserRole> ADMINS = EnumSet.of(ADMIN);

    private record Call(String operation, String method, Supplier<String> path, Supplier<String> body, Set<UserRole> allowed,
                        boolean refusalsOnly) {
        Call(String operation, String method, Supplier<String> path, Supplier<String> body, Set<UserRole> allowed) {
            this(operation, method, path, body, allowed, false);
        }
    }

    private static final Map<UserRole, Map<String, String>> credentials = new EnumMap<>(UserRole.class);
    private static Event event;

    @BeforeAll
    static void seed() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/cameras", new JsonObject().put("id", "cam-m")
                .put("streamUri", "rtsp://10.0.0.9/stream").encode());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        api.runtime.statuses.put("cam-m", CameraStatus.connecting("cam-m", Instant.now()));
        api.runtime.frames.put("cam-m", new VideoFrame("cam-m", Instant.now(), 0, 64, 48, new byte[64 * 48 * 3]));
        event = Events.opened(api.events, Events.event("cam-m", EventKind.ILLEGAL_PARKING, Instant.now().minusSeconds(60)));
        api.store.put(event.evidence().clipKey(), new byte[]{1, 2, 3}, "video/mp4");
        api.store.put(event.evidence().snapshotKey(), new byte[]{4, 5, 6}, "image/jpeg");
        for (UserRole r : List.of(ADMIN, OFFICER, POLICE)) {
            credentials.put(r, Map.of("Authorization", "Bearer " + api.token(r.wireName(), r.wireName() + "-pass")));
        }
        credentials.put(SERVICE, Map.of("X-Api-Key", ApiFixture.key(SERVICE)));
    }

    private static List<Call> calls() {
        String ev = "/api/v1/events/" + event.id();
        return List.of(
                new Call("getMe", "GET", () -> "/api/v1/auth/me", null, ALL),
                new Call("listCameras", "GET", () -> "/api/v1/cameras", null, VIEWERS),
                new Call("getCamera", "GET", () -> "/api/v1/cameras/cam-m", null, VIEWERS),
                new Call("getCameraStatus", "GET", () -> "/api/v1/cameras/cam-m/status", null, VIEWERS),
                new Call("getCameraFrame", "GET", () -> "/api/v1/cameras/cam-m/frame.jpg?width=32", null, VIEWERS),
                new Call("createCamera", "POST", () -> "/api/v1/cameras", () -> new JsonObject()
                        .put("id", "cam-" + UUID.randomUUID().toString().substring(0, 8))
                        .put("streamUri", "rtsp://10.0.0.10/s").encode(), ADMINS),
                new Call("deleteCamera", "DELETE", RoleMatrixTest::freshCamera, null, ADMINS),
                new Call("replaceCameraZones", "PUT", () -> "/api/v1/cameras/cam-m/zones", () -> new JsonArray().add(
                        new JsonObject().put("id", "z1").put("kind", "no_parking").put("department", "city-management")
                                .put("polygon", new JsonArray("[[0.1,0.1],[0.5,0.1],[0.5,0.5]]"))).encode(), WORKERS),
                new Call("listEvents", "GET", () -> "/api/v1/events", null, ALL),
                new Call("getEvent", "GET", () -> ev, null, ALL),
                new Call("getEventHistory", "GET", () -> ev + "/history", null, ALL),
                new Call("getEventClip", "GET", () -> ev + "/clip", null, ALL),
                new Call("getEventSnapshot", "GET", () -> ev + "/snapshot", null, ALL),
                new Call("exportEvents", "GET", () -> "/api/v1/events/export.csv?camera=cam-m", null, ALL),
                new Call("eventStats", "GET", () -> "/api/v1/events/stats", null, ALL),
                new Call("actOnEvent", "POST", RoleMatrixTest::freshEventActions,
                        () -> new JsonObject().put("action", "acknowledge").encode(), WORKERS),
                new Call("listSuppressions", "GET", () -> "/api/v1/suppressions", null, WORKERS),
                new Call("deleteSuppression", "DELETE", RoleMatrixTest::freshSuppression, null, WORKERS),
                new Call("getMap", "GET", () -> "/api/v1/map", null, VIEWERS),
                new Call("listAudit", "GET", () -> "/api/v1/audit", null, ADMINS),
                // only refusals here: streams never end (admitted viewers in ConsoleApiTest, LiveFeedTest), and ONVIF calls
                // need a device or a private network (OnvifApiTest, OnvifCameraEndToEndTest)
                new Call("streamCameraLive", "GET", () -> "/api/v1/cameras/cam-m/live.mjpeg", null, VIEWERS, true),
                new Call("openLiveFeed", "GET", () -> "/api/v1/live", null, ALL, true),
                new Call("discoverOnvifDevices", "POST", () -> "/api/v1/onvif/discovery", () -> "{}", ADMINS, true),
                new Call("createCameraFromOnvif", "POST", () -> "/api/v1/cameras/onvif",
                        () -> "{\"id\":\"x\",\"address\":\"http://127.0.0.1:9/onvif/device_service\"}", ADMINS, true));
    }

    @Test
    void everyOperationAdmitsExactlyItsRoles() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Call call : calls()) {
            HttpResponse<String> anonymous = api.send(call.method(), call.path().get(),
                    call.body() == null ? null : call.body().get(), Map.of());
            if (anonymous.statusCode() != 401 || !"unauthorized".equals(code(anonymous))) {
                wrong.add(call.operation() + " without credentials: " + anonymous.statusCode() + " " + anonymous.body());
            }
            for (UserRole role : UserRole.values()) {
                if (call.refusalsOnly() && call.allowed().contains(role)) continue;
                HttpResponse<String> r = api.send(call.method(), call.path().get(),
                        call.body() == null ? null : call.body().get(), credentials.get(role));
                if (call.allowed().contains(role)) {
                    if (r.statusCode() < 200 || r.statusCode() > 299) {
                        wrong.add(call.operation() + " as " + role + ": expected 2xx, got " + r.statusCode() + " " + r.body());
                    }
                } else if (r.statusCode() != 403 || !"forbidden".equals(code(r))
                        || !ApiFixture.error(r).getString("message").contains("requires the role")) {
                    wrong.add(call.operation() + " as " + role + ": expected 403 forbidden, got " + r.statusCode() + " " + r.body());
                } else {
                    contract.assertConforms(call.operation(), r);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationThatNeedsASignInIsInTheMatrix() {
        List<String> inMatrix = calls().stream().map(Call::operation).toList();
        List<String> guarded = contract.contract.operations().stream()
                .filter(op -> op.getExtensions().containsKey("x-roles")).map(op -> op.getOperationId()).toList();
        assertThat(inMatrix).containsExactlyInAnyOrderElementsOf(guarded);
    }

    @Test
    void theContractDeclaresTheSameRolesAsTheMatrix() {
        for (Call call : calls()) {
            var declared = contract.contract.operation(call.operation()).getExtensions().get("x-roles");
            Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
            for (Object o : ((JsonArray) declared)) roles.add(UserRole.parse(String.valueOf(o)));
            assertThat(roles).as(call.operation()).isEqualTo(call.allowed());
        }
    }

    private static String code(HttpResponse<String> r) {
        try {
            return ApiFixture.error(r).getString("code");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String freshCamera() {
        String id = "cam-d" + UUID.randomUUID().toString().substring(0, 6);
        try {
            HttpResponse<String> r = api.postJson("/api/v1/cameras", new JsonObject().put("id", id)
                    .put("streamUri", "rtsp://10.0.0.11/s").encode());
            assertThat(r.statusCode()).isEqualTo(201);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "/api/v1/cameras/" + id;
    }

    private static String freshEventActions() {
        Event e = Events.opened(api.events, Events.event("cam-m", EventKind.ILLEGAL_PARKING, Instant.now().minusSeconds(5)));
        return "/api/v1/events/" + e.id() + "/actions";
    }

    private static String freshSuppression() {
        Suppression s = new Suppression(UUID.randomUUID(), "cam-m", "zone-a", EventKind.ILLEGAL_PARKING, "officer",
                Instant.now(), null, "test", null);
        api.console.suppressions().add(s);
        return "/api/v1/suppressions/" + s.id();
    }
}
