package city.citywatch.api.http;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

class CameraApiTest extends OneApiPerClass {
    @BeforeEach
    void clean() {
        api.runtime.refuseAdds = false;
        for (var c : api.cameras.list()) api.cameras.delete(c.id());
        api.runtime.added.clear();
        api.runtime.removed.clear();
    }

    static String camera(String id, String zones) {
        return """
                {"id": "%s", "name": "Main St / 5th", "streamUri": "rtsp://viewer:s3cret@10.0.0.7:554/stream1",
                 "location": {"lat": 31.2304, "lon": 121.4737, "address": "5th Ave"},
                 "zones": %s}""".formatted(id, zones);
    }

    static final String GOOD_ZONES = """
            [{"id": "curb", "name": "Curb", "kind": "no_parking", "polygon": [[0.1,0.5],[0.9,0.5],[0.9,0.9],[0.1,0.9]],
              "dwellSeconds": 120, "severity": "high", "department": "traffic"},
             {"kind": "crowd", "polygon": [[0,0],[0.5,0],[0.5,0.4]],
              "params": {"countThreshold": 7, "areaSquareMetres": 120.5, "riseCount": 5, "riseWindowSeconds": 30}}]""";

    @Test
    void createsCameraWithZonesAndTellsTheRuntime() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/cameras", camera("cam-1", GOOD_ZONES));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/cameras/cam-1");
        contract.assertConforms("createCamera", created);
        JsonObject body = json(created);
        assertThat(body.getString("id")).isEqualTo("cam-1");
        assertThat(body.getString("streamUri")).isEqualTo("rtsp://viewer:***@10.0.0.7:554/stream1");
        JsonArray zones = body.getJsonArray("zones");
        assertThat(zones).hasSize(2);
        assertThat(zones.getJsonObject(0).getString("id")).isEqualTo("curb");
        assertThat(zones.getJsonObject(0).getInteger("dwellSeconds")).isEqualTo(120);
        assertThat(zones.getJsonObject(0).getString("department")).isEqualTo("traffic");
        assertThat(zones.getJsonObject(1).getString("id")).as("generated zone id").isNotBlank().isNotEqualTo("curb");
        assertThat(zones.getJsonObject(1).getInteger("dwellSeconds")).as("default dwell").isEqualTo(60);
        assertThat(zones.getJsonObject(1).getString("severity")).isEqualTo("medium");
        assertThat(zones.getJsonObject(1).getJsonArray("polygon").getJsonArray(2)).isEqualTo(new JsonArray().add(0.5).add(0.4));
        assertThat(zones.getJsonObject(1).getJsonObject("params")).isEqualTo(new JsonObject()
                .put("countThreshold", 7).put("areaSquareMetres", 120.5).put("riseCount", 5).put("riseWindowSeconds", 30));
        assertThat(zones.getJsonObject(0).getJsonObject("params")).as("no parameters given").isEqualTo(new JsonObject());
        assertThat(api.runtime.added).containsExactly("cam-1");

        // Stored as sent: the repository has the real password, the zones belong to the camera.
        var stored = api.cameras.find("cam-1").orElseThrow();
        assertThat(stored.streamUri().toString()).isEqualTo("rtsp://viewer:s3cret@10.0.0.7:554/stream1");
        assertThat(stored.zones()).allSatisfy(z -> assertThat(z.cameraId()).isEqualTo("cam-1"));

        HttpResponse<String> got = api.get("/api/v1/cameras/cam-1");
        assertThat(got.statusCode()).isEqualTo(200);
        contract.assertConforms("getCamera", got);
        assertThat(json(got)).isEqualTo(body);

        HttpResponse<String> list = api.get("/api/v1/cameras");
        assertThat(list.statusCode()).isEqualTo(200);
        contract.assertConforms("listCameras", list);
        assertThat(json(list).getJsonArray("items")).containsExactly(body);
    }

    @Test
    void cameraWithoutZonesOrLocation() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/cameras",
                "{\"id\":\"bare\",\"streamUri\":\"rtsps://cam.example.org/live\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        contract.assertConforms("createCamera", created);
        assertThat(json(created).getString("name")).isEqualTo("bare");
        assertThat(json(created).getValue("location")).isNull();
        assertThat(json(created).getJsonArray("zones")).isEmpty();
    }

    @Test
    void duplicateIdIsAConflictAndChangesNothing() throws Exception {
        assertThat(api.postJson("/api/v1/cameras", camera("dup", GOOD_ZONES)).statusCode()).isEqualTo(201);
        HttpResponse<String> again = api.postJson("/api/v1/cameras", camera("dup", "[]"));

        assertThat(again.statusCode()).isEqualTo(409);
        contract.assertConforms("createCamera", again);
        assertThat(error(again).getString("code")).isEqualTo("duplicate");
        assertThat(error(again).getString("message")).contains("dup");
        assertThat(api.cameras.find("dup").orElseThrow().zones()).hasSize(2);
        assertThat(api.runtime.added).containsExactly("dup");
    }

    @Test
    void deleteRemovesCameraAndStopsIt() throws Exception {
        api.postJson("/api/v1/cameras", camera("gone", GOOD_ZONES));

        HttpResponse<String> deleted = api.delete("/api/v1/cameras/gone");
        assertThat(deleted.statusCode()).isEqualTo(204);
        contract.assertConforms("deleteCamera", deleted);
        assertThat(api.runtime.removed).containsExactly("gone");
        assertThat(api.cameras.find("gone")).isEmpty();

        HttpResponse<String> getAgain = api.get("/api/v1/cameras/gone");
        assertThat(getAgain.statusCode()).isEqualTo(404);
        contract.assertConforms("getCamera", getAgain);
        assertThat(error(getAgain).getString("code")).isEqualTo("not_found");
        HttpResponse<String> deleteAgain = api.delete("/api/v1/cameras/gone");
        assertThat(deleteAgain.statusCode()).isEqualTo(404);
        assertThat(api.runtime.removed).containsExactly("gone");
    }

    @Test
    void statusComesFromTheRuntime() throws Exception {
        api.postJson("/api/v1/cameras", camera("live", "[]"));
        assertThat(api.get("/api/v1/cameras/live/status").statusCode())
                .as("no worker reports yet").isEqualTo(503);

        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        api.runtime.statuses.put("live", new CameraStatus("live", CameraState.OFFLINE,
                "unreachable: connection refused by rtsp://10.0.0.7:554/main: nothing listens on that port", since, null, 3));
        HttpResponse<String> status = api.get("/api/v1/cameras/live/status");

        assertThat(status.statusCode()).isEqualTo(200);
        contract.assertConforms("getCameraStatus", status);
        JsonObject body = json(status);
        assertThat(body.getString("state")).isEqualTo("OFFLINE");
        assertThat(body.getString("reason")).startsWith("unreachable: connection refused");
        assertThat(body.getString("failure")).as("the failure class, to group cameras by").isEqualTo("unreachable");
        assertThat(Instant.parse(body.getString("since"))).isEqualTo(since);
        assertThat(body.getInteger("reconnects")).isEqualTo(3);

        HttpResponse<String> unknown = api.get("/api/v1/cameras/nope/status");
        assertThat(unknown.statusCode()).isEqualTo(404);
        contract.assertConforms("getCameraStatus", unknown);
    }

    static Stream<Arguments> invalidCameras() {
        return Stream.of(
                Arguments.of("polygon with 2 points",
                        camera("c", "[{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0]]}]"), "zones[0].polygon", "at least 3"),
                Arguments.of("self-intersecting polygon (bow tie)",
                        camera("c", "[{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,1],[1,0],[0,1]]}]"),
                        "zones[0].polygon", "is self-intersecting: edge 0 crosses edge 2"),
                Arguments.of("point outside 0..1",
                        camera("c", "[{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0],[1,1.5]]}]"),
                        "zones[0].polygon[2][1]", "1.5"),
                Arguments.of("negative coordinate in the second zone",
                        camera("c", "[" + "{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0],[1,1]]},"
                                + "{\"kind\":\"crowd\",\"polygon\":[[-0.1,0],[1,0],[1,1]]}]"),
                        "zones[1].polygon[0][0]", "-0.1"),
                Arguments.of("collinear points",
                        camera("c", "[{\"kind\":\"crowd\",\"polygon\":[[0,0],[0.5,0.5],[1,1]]}]"),
                        "zones[0].polygon", "zero area"),
                Arguments.of("http instead of rtsp",
                        camera("c", "[]").replace("rtsp://viewer:s3cret@10.0.0.7:554/stream1", "http://10.0.0.7/video"),
                        "streamUri", "scheme must be rtsp or rtsps"),
                Arguments.of("unparsable URL",
                        camera("c", "[]").replace("rtsp://viewer:s3cret@10.0.0.7:554/stream1", "rtsp://bad host/x"),
                        "streamUri", "not a valid URL"),
                Arguments.of("missing streamUri",
                        "{\"id\":\"c\"}", "streamUri", "is required"),
                Arguments.of("unknown zone kind",
                        camera("c", "[{\"kind\":\"lake\",\"polygon\":[[0,0],[1,0],[1,1]]}]"), "zones[0].kind", "no_parking"),
                Arguments.of("unknown property",
                        camera("c", "[]").replace("\"name\"", "\"nmae\""), "nmae", "not a known property"),
                Arguments.of("bad camera id",
                        camera("bad id!", "[]"), "id", "must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"),
                Arguments.of("latitude out of range",
                        camera("c", "[]").replace("31.2304", "91"), "location.lat", "91"),
                Arguments.of("dwell of zero",
                        camera("c", "[{\"kind\":\"crowd\",\"dwellSeconds\":0,\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[0].dwellSeconds", "0"),
                Arguments.of("department that cannot name a topic",
                        camera("c", "[{\"kind\":\"crowd\",\"department\":\"Roads Dept\",\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[0].department", "must match ^[a-z0-9][a-z0-9-]{0,62}$"),
                Arguments.of("two zones with one id",
                        camera("c", "[{\"id\":\"z\",\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0],[1,1]]},"
                                + "{\"id\":\"z\",\"kind\":\"walkway\",\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[1].id", "'z'"),
                Arguments.of("rule parameter out of range",
                        camera("c", "[{\"kind\":\"flood_watch\",\"params\":{\"waterFraction\":1.5},\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[0].params.waterFraction", "1"),
                Arguments.of("density without the zone's area",
                        camera("c", "[{\"kind\":\"crowd\",\"params\":{\"densityPerSquareMetre\":2},\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[0].params.areaSquareMetres", "calibrates the zone"),
                Arguments.of("unknown rule parameter",
                        camera("c", "[{\"kind\":\"crowd\",\"params\":{\"threshold\":2},\"polygon\":[[0,0],[1,0],[1,1]]}]"),
                        "zones[0].params.threshold", "not a known property"),
                Arguments.of("polygon point that is not a pair",
                        camera("c", "[{\"kind\":\"crowd\",\"polygon\":[[0,0],[1,0],[1]]}]"), "zones[0].polygon[2]", "at least 2"),
                Arguments.of("zones not an array",
                        camera("c", "{\"kind\":\"crowd\"}"), "zones", "type array"),
                Arguments.of("body is an array",
                        "[1,2,3]", "body", "type object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCameras")
    void invalidCameraIsRefusedNamingTheField(String why, String body, String field, String messagePart) throws Exception {
        HttpResponse<String> response = api.postJson("/api/v1/cameras", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        contract.assertConforms("createCamera", response);
        JsonObject error = error(response);
        assertThat(error.getInteger("status")).isEqualTo(400);
        assertThat(error.getString("code")).isEqualTo("invalid_request");
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).startsWith(field + ": ").contains(messagePart);
        assertThat(api.cameras.list()).as("nothing stored").isEmpty();
        assertThat(api.runtime.added).as("runtime not told").isEmpty();
    }

    @Test
    void malformedJsonIs400WithThePosition() throws Exception {
        HttpResponse<String> response = api.postJson("/api/v1/cameras", "{\"id\": \"c\", \"streamUri\": }");

        assertThat(response.statusCode()).isEqualTo(400);
        contract.assertConforms("createCamera", response);
        assertThat(error(response).getString("code")).isEqualTo("malformed_json");
        assertThat(error(response).getString("message")).contains("not valid JSON").contains("line 1, column");
        assertThat(api.cameras.list()).isEmpty();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/cameras", "text/plain", camera("c", "[]"));

        assertThat(response.statusCode()).isEqualTo(415);
        contract.assertConforms("createCamera", response);
        assertThat(error(response).getString("code")).isEqualTo("unsupported_media_type");
        assertThat(error(response).getString("message")).contains("text/plain");
        assertThat(api.cameras.list()).isEmpty();
    }

    @Test
    void jsonWithCharsetIsAccepted() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/cameras", "application/json; charset=utf-8", camera("utf", "[]"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void missingBodyIs400() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/cameras", "application/json", "");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).getString("field")).isEqualTo("body");
    }

    @Test
    void runtimeRefusalUndoesTheCreationAndLeaksNoInternals() throws Exception {
        api.runtime.refuseAdds = true;
        HttpResponse<String> response = api.postJson("/api/v1/cameras", camera("refused", GOOD_ZONES));

        assertThat(response.statusCode()).isEqualTo(500);
        contract.assertConforms("createCamera", response);
        JsonObject error = error(response);
        assertThat(error.getString("code")).isEqualTo("internal_error");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(error.getString("requestId")).isEqualTo(requestId);
        assertThat(error.getString("message")).contains(requestId);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("ingest refuses");
        assertThat(api.cameras.find("refused")).as("creation undone").isEmpty();
    }

    @Test
    void invalidPathIdIs400() throws Exception {
        HttpResponse<String> response = api.get("/api/v1/cameras/" + "x".repeat(65));
        assertThat(response.statusCode()).isEqualTo(400);
        contract.assertConforms("getCamera", response);
        assertThat(error(response).getString("field")).isEqualTo("id");
        assertThat(error(response).getString("message")).isEqualTo("id: must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$");
    }
}
