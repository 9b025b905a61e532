package city.citywatch.api.http;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.video.VideoFrame;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's endpoints beyond sign-in: workflow, zones, live pictures, history, suppressions, map, audit, files. */
class ConsoleApiTest extends OneApiPerClass {

    private static Map<String, String> as(String role) throws Exception {
        return Map.of("Authorization", "Bearer " + api.token(role, role + "-pass"));
    }

    private static Event newEvent(String camera) {
        return Events.opened(api.events, Events.event(camera, EventKind.ILLEGAL_PARKING, Instant.now().minusSeconds(30)));
    }

    @Test
    void workflowStepsRecordWhoAndWhenAndRefuseGoingBack() throws Exception {
        Event e = newEvent("cam-w");
        Map<String, String> officer = as("officer");
        String actions = "/api/v1/events/" + e.id() + "/actions";

        HttpResponse<String> ack = api.send("POST", actions, "{\"action\":\"acknowledge\",\"note\":\"看到了 seen\"}", officer);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        contract.assertConforms("actOnEvent", ack);
        assertThat(json(ack).getString("state")).isEqualTo("acknowledged");

        HttpResponse<String> noDept = api.send("POST", actions, "{\"action\":\"dispatch\"}", officer);
        assertThat(noDept.statusCode()).isEqualTo(400);
        assertThat(error(noDept).getString("field")).isEqualTo("department");

        HttpResponse<String> dispatch = api.send("POST", actions,
                "{\"action\":\"dispatch\",\"department\":\"traffic-police\",\"note\":\"car on the shoulder\"}", officer);
        assertThat(dispatch.statusCode()).as(dispatch.body()).isEqualTo(200);
        assertThat(json(dispatch).getString("department")).isEqualTo("traffic-police");
        // the dispatched change is routed to the department it was dispatched to
        List<String> topics = api.db.read("outbox topics", c -> {
            try (var ps = c.prepareStatement("SELECT topic FROM outbox WHERE ce_type = ?")) {
                ps.setString(1, EventTypes.type(EventKind.ILLEGAL_PARKING, city.citywatch.core.event.Transition.DISPATCHED));
                try (var rs = ps.executeQuery()) {
                    List<String> out = new java.util.ArrayList<>();
                    while (rs.next()) out.add(rs.getString(1));
                    return out;
                }
            }
        });
        assertThat(topics).contains("citywatch.dispatch.traffic-police", EventTypes.ALL_EVENTS_TOPIC);

        HttpResponse<String> back = api.send("POST", actions, "{\"action\":\"acknowledge\"}", officer);
        assertThat(back.statusCode()).isEqualTo(409);
        contract.assertConforms("actOnEvent", back);
        assertThat(error(back).getString("code")).isEqualTo("invalid_transition");
        assertThat(error(back).getString("message")).contains("is dispatched").contains("allowed now: resolve, false_alarm");

        HttpResponse<String> resolve = api.send("POST", actions, "{\"action\":\"resolve\"}", as("admin"));
        assertThat(resolve.statusCode()).isEqualTo(200);
        HttpResponse<String> after = api.send("POST", actions, "{\"action\":\"false_alarm\"}", officer);
        assertThat(after.statusCode()).isEqualTo(409);
        assertThat(error(after).getString("message")).contains("none (the workflow has ended)");

        HttpResponse<String> history = api.get("/api/v1/events/" + e.id() + "/history");
        contract.assertConforms("getEventHistory", history);
        JsonArray items = json(history).getJsonArray("items");
        assertThat(items.stream().map(o -> ((JsonObject) o).getString("transition")).toList())
                .containsExactly("opened", "acknowledged", "dispatched", "resolved");
        JsonObject acked = items.getJsonObject(1);
        assertThat(acked.getString("actor")).isEqualTo("officer");
        assertThat(acked.getString("note")).isEqualTo("看到了 seen");
        assertThat(Instant.parse(acked.getString("at"))).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(60, ChronoUnit.SECONDS));
        assertThat(items.getJsonObject(2).getString("note")).isEqualTo("dispatched to traffic-police: car on the shoulder");
        assertThat(items.getJsonObject(3).getString("actor")).isEqualTo("admin");
    }

    @Test
    void aFalseAlarmCanSuppressItsZoneAndTheSuppressionCanBeEnded() throws Exception {
        Event e = newEvent("cam-s");
        HttpResponse<String> r = api.send("POST", "/api/v1/events/" + e.id() + "/actions",
                "{\"action\":\"false_alarm\",\"note\":\"police car, always there\",\"suppressZone\":true,\"suppressHours\":2}", as("officer"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).getString("state")).isEqualTo("false_alarm");

        HttpResponse<String> list = api.send("GET", "/api/v1/suppressions", null, as("officer"));
        contract.assertConforms("listSuppressions", list);
        JsonObject s = json(list).getJsonArray("items").stream().map(o -> (JsonObject) o)
                .filter(o -> e.id().toString().equals(o.getString("eventId"))).findFirst().orElseThrow();
        assertThat(s.getString("cameraId")).isEqualTo("cam-s");
        assertThat(s.getString("zoneId")).isEqualTo("zone-a");
        assertThat(s.getString("createdBy")).isEqualTo("officer");
        assertThat(s.getString("reason")).isEqualTo("police car, always there");
        assertThat(java.time.Duration.between(Instant.parse(s.getString("createdAt")), Instant.parse(s.getString("until"))).toHours()).isEqualTo(2);
        assertThat(api.console.suppressions().activeFor("cam-s", "zone-a", EventKind.ILLEGAL_PARKING, Instant.now())).isPresent();

        HttpResponse<String> wrong = api.send("POST", "/api/v1/events/" + newEvent("cam-s").id() + "/actions",
                "{\"action\":\"resolve\",\"suppressZone\":true}", as("officer"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(error(wrong).getString("field")).isEqualTo("suppressZone");

        HttpResponse<String> del = api.send("DELETE", "/api/v1/suppressions/" + s.getString("id"), null, as("officer"));
        assertThat(del.statusCode()).isEqualTo(204);
        assertThat(api.console.suppressions().activeFor("cam-s", "zone-a", EventKind.ILLEGAL_PARKING, Instant.now())).isEmpty();
        assertThat(api.send("DELETE", "/api/v1/suppressions/" + s.getString("id"), null, as("officer")).statusCode()).isEqualTo(404);
    }

    @Test
    void zonesAreReplacedAndHandedToTheRunningAnalysisOrRefusedWithTheReason() throws Exception {
        assertThat(api.postJson("/api/v1/cameras", "{\"id\":\"cam-z\",\"streamUri\":\"rtsp://10.0.0.1/s\"}").statusCode()).isEqualTo(201);
        String zones = """
                [{"id":"curb","name":"路边 curb","kind":"no_parking","dwellSeconds":30,"department":"city-management",
                  "polygon":[[0.1,0.5],[0.4,0.5],[0.4,0.9],[0.1,0.9]]},
                 {"id":"square","kind":"crowd","polygon":[[0.5,0.1],[0.9,0.1],[0.9,0.4]],"params":{"countThreshold":20}}]""";
        HttpResponse<String> put = api.send("PUT", "/api/v1/cameras/cam-z/zones", zones, as("officer"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        contract.assertConforms("replaceCameraZones", put);
        assertThat(json(put).getJsonArray("zones")).hasSize(2);
        assertThat(api.runtime.zonesReplaced).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo("cam-z");
            assertThat(c.zones()).extracting(z -> z.id()).containsExactly("curb", "square");
        });
        assertThat(json(api.get("/api/v1/cameras/cam-z")).getJsonArray("zones").getJsonObject(0).getString("name")).isEqualTo("路边 curb");

        String bowTie = "[{\"id\":\"x\",\"kind\":\"no_parking\",\"polygon\":[[0.1,0.1],[0.5,0.5],[0.5,0.1],[0.1,0.5]]}]";
        HttpResponse<String> bad = api.send("PUT", "/api/v1/cameras/cam-z/zones", bowTie, as("officer"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(error(bad).getString("field")).isEqualTo("zones[0].polygon");
        assertThat(error(bad).getString("message")).contains("self-intersecting");
        HttpResponse<String> outside = api.send("PUT", "/api/v1/cameras/cam-z/zones",
                "[{\"kind\":\"no_parking\",\"polygon\":[[0.1,0.1],[1.5,0.1],[0.5,0.5]]}]", as("officer"));
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/v1/cameras/nope/zones", "[]", as("officer")).statusCode()).isEqualTo(404);

        // the running analysis refuses: the stored zones are put back
        api.runtime.refuseZones = true;
        try {
            HttpResponse<String> refused = api.send("PUT", "/api/v1/cameras/cam-z/zones", "[]", as("officer"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(error(refused).getString("code")).isEqualTo("analysis_unavailable");
        } finally {
            api.runtime.refuseZones = false;
        }
        assertThat(json(api.get("/api/v1/cameras/cam-z")).getJsonArray("zones")).hasSize(2);
        assertThat(json(api.get("/api/v1/audit?action=edit_zones")).getJsonArray("items").getJsonObject(0).getString("resource"))
                .isEqualTo("cameras/cam-z");
    }

    @Test
    void theLatestPictureIsServedAsJpegAndEveryViewIsAudited() throws Exception {
        assertThat(api.postJson("/api/v1/cameras", "{\"id\":\"cam-f\",\"streamUri\":\"rtsp://10.0.0.2/s\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> none = api.send("GET", "/api/v1/cameras/cam-f/frame.jpg", null, as("police"));
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(error(none).getString("code")).isEqualTo("no_picture");

        byte[] bgr = new byte[320 * 240 * 3];
        for (int i = 0; i < bgr.length; i += 3) bgr[i + 2] = (byte) 255; // pure red in BGR
        api.runtime.frames.put("cam-f", new VideoFrame("cam-f", Instant.now(), 0, 320, 240, bgr));
        HttpResponse<byte[]> full = api.http.send(HttpRequest.newBuilder(api.uri("/api/v1/cameras/cam-f/frame.jpg"))
                .header("Authorization", as("police").get("Authorization")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(full.body()));
        assertThat(img.getWidth()).isEqualTo(320);
        int rgb = img.getRGB(160, 120);
        assertThat((rgb >> 16) & 0xff).isGreaterThan(200);
        assertThat(rgb & 0xff).isLessThan(60);
        HttpResponse<byte[]> small = api.http.send(HttpRequest.newBuilder(api.uri("/api/v1/cameras/cam-f/frame.jpg?width=80"))
                .header("X-Api-Key", ApiFixture.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(small.body()));
        // an <img src> cannot send headers: the token may come in the query on this operation
        String officer = api.token("officer", "officer-pass");
        HttpResponse<String> viaQuery = api.send("GET", "/api/v1/cameras/cam-f/frame.jpg?token=" + officer, null, Map.of());
        assertThat(viaQuery.statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/cameras/cam-f/frame.jpg?token=bogus", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(thumb.getWidth()).isEqualTo(80);
        assertThat(thumb.getHeight()).isEqualTo(60);

        JsonArray audit = json(api.get("/api/v1/audit?actor=police&action=view_live")).getJsonArray("items");
        assertThat(json(api.get("/api/v1/audit?actor=officer&action=view_live")).getJsonArray("items")).hasSize(1);
        assertThat(audit).hasSize(1);
        assertThat(audit.getJsonObject(0).getString("resource")).isEqualTo("cameras/cam-f");
        contract.assertConforms("listAudit", api.get("/api/v1/audit"));
    }

    @Test
    void theLiveViewStreamsNewPicturesAsMjpeg() throws Exception {
        assertThat(api.postJson("/api/v1/cameras", "{\"id\":\"cam-v\",\"streamUri\":\"rtsp://10.0.0.4/s\"}").statusCode()).isEqualTo(201);
        api.runtime.frames.put("cam-v", new VideoFrame("cam-v", Instant.now(), 0, 64, 48, new byte[64 * 48 * 3]));
        String token = api.token("police", "police-pass");
        HttpResponse<java.io.InputStream> r = api.http.send(HttpRequest.newBuilder(
                api.uri("/api/v1/cameras/cam-v/live.mjpeg?token=" + token)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("multipart/x-mixed-replace; boundary=citywatchframe");
            byte[] first = readPart(in);
            assertThat(ImageIO.read(new ByteArrayInputStream(first)).getWidth()).isEqualTo(64);
            // a new picture becomes the next part
            api.runtime.frames.put("cam-v", new VideoFrame("cam-v", Instant.now().plusSeconds(1), 1, 32, 24, new byte[32 * 24 * 3]));
            assertThat(ImageIO.read(new ByteArrayInputStream(readPart(in))).getWidth()).isEqualTo(32);
        }
        assertThat(json(api.get("/api/v1/audit?actor=police&action=view_live")).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("detail"))).contains("live MJPEG stream");
    }

    /** The JPEG bytes of the next part of a multipart/x-mixed-replace stream. */
    private static byte[] readPart(java.io.InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new AssertionError("stream ended in a part's headers: " + headers);
            headers.append((char) b);
        }
        String h = headers.toString();
        assertThat(h).contains("--citywatchframe").contains("Content-Type: image/jpeg");
        int length = Integer.parseInt(h.substring(h.indexOf("Content-Length: ") + 16, h.indexOf("\r\n", h.indexOf("Content-Length: "))).trim());
        byte[] jpeg = in.readNBytes(length);
        assertThat(jpeg).hasSize(length);
        in.readNBytes(2);
        return jpeg;
    }

    @Test
    void evidenceLinksAreAuditedPerViewer() throws Exception {
        Event e = newEvent("cam-a");
        api.store.put(e.evidence().clipKey(), new byte[]{1}, "video/mp4");
        assertThat(api.send("GET", "/api/v1/events/" + e.id() + "/clip", null, as("police")).statusCode()).isEqualTo(200);
        JsonObject entry = json(api.get("/api/v1/audit?actor=police&action=view_clip")).getJsonArray("items").getJsonObject(0);
        assertThat(entry.getString("resource")).isEqualTo("events/" + e.id());
        assertThat(entry.getString("detail")).isEqualTo(e.evidence().clipKey());
    }

    @Test
    void historyExportsAsExcelReadyCsvAndCountsPerKindAndDay() throws Exception {
        assertThat(api.postJson("/api/v1/cameras", "{\"id\":\"cam-h\",\"name\":\"=HYPERLINK(\\\"x\\\"), 南京路 \\\"东\\\"\",\"streamUri\":\"rtsp://10.0.0.3/s\"}").statusCode()).isEqualTo(201);
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            Event base = Events.event("cam-h", i == 2 ? EventKind.DEBRIS : EventKind.ILLEGAL_PARKING, t0.plusSeconds(i * 86_400L));
            var cam = new city.citywatch.core.event.CameraRef("cam-h", "=HYPERLINK(\"x\"), 南京路 \"东\"", base.camera().location());
            Events.opened(api.events, new Event(base.id(), base.kind(), base.state(), base.severity(), base.confidence(), cam,
                    base.zoneId(), base.department(), base.startedAt(), null, base.objects(), base.evidence(), base.updatedAt()));
        }
        HttpResponse<byte[]> csv = api.http.send(HttpRequest.newBuilder(api.uri("/api/v1/events/export.csv?camera=cam-h"))
                .header("X-Api-Key", ApiFixture.key(city.citywatch.core.auth.UserRole.SERVICE)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        byte[] body = csv.body();
        assertThat(new byte[]{body[0], body[1], body[2]}).isEqualTo(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows;
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(text)) {
            rows = it.readAll();
        }
        assertThat(rows.getFirst()).startsWith("id", "kind", "state", "severity");
        assertThat(rows).hasSize(4);
        int name = rows.getFirst().indexOf("cameraName");
        // commas, quotes and Chinese survive; a formula is neutralised as text
        assertThat(rows.get(1).get(name)).isEqualTo("'=HYPERLINK(\"x\"), 南京路 \"东\"");
        assertThat(rows.get(1).get(rows.getFirst().indexOf("kind"))).isEqualTo("debris");

        HttpResponse<String> stats = api.get("/api/v1/events/stats?from=2026-02-28T00:00:00Z&to=2026-03-05T00:00:00Z&tz=Asia/Shanghai");
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        contract.assertConforms("eventStats", stats);
        JsonObject s = json(stats);
        assertThat(s.getJsonObject("byKind").getInteger("illegal_parking")).isEqualTo(2);
        assertThat(s.getJsonObject("byKind").getInteger("debris")).isEqualTo(1);
        assertThat(s.getJsonArray("byDay").stream().map(o -> ((JsonObject) o).getString("day")).toList())
                .containsExactly("2026-03-01", "2026-03-02", "2026-03-03");
        HttpResponse<String> badTz = api.get("/api/v1/events/stats?tz=Mars/Olympus");
        assertThat(badTz.statusCode()).isEqualTo(400);
        assertThat(error(badTz).getString("field")).isEqualTo("tz");
    }

    @Test
    void hostileConsoleRequestsGetAClear4xxAndChangeNothing() throws Exception {
        Event e = newEvent("cam-x");
        Map<String, String> officer = as("officer");
        String actions = "/api/v1/events/" + e.id() + "/actions";
        record Case(String method, String path, String body, int status, String mentions) {
        }
        for (Case c : List.of(
                new Case("POST", actions, "{\"action\":\"delete\"}", 400, "acknowledge"),
                new Case("POST", actions, "{\"action\":\"acknowledge\",\"note\":\"" + "x".repeat(1001) + "\"}", 400, "note"),
                new Case("POST", actions, "{\"action\":\"acknowledge\",\"admin\":true}", 400, "admin"),
                new Case("POST", actions, "{\"action\":\"dispatch\",\"department\":\"../etc\"}", 400, "department"),
                new Case("POST", actions, "{\"action\":\"acknowledge\",\"department\":\"traffic\"}", 400, "department"),
                new Case("POST", actions, "[]", 400, null),
                new Case("POST", "/api/v1/events/" + UUID.randomUUID() + "/actions", "{\"action\":\"acknowledge\"}", 404, "does not exist"),
                new Case("POST", actions, "{\"action\":\"acknowledge\",\"note\":\"" + "x".repeat(2_000_000) + "\"}", 413, "limit"),
                new Case("PUT", "/api/v1/cameras/cam-x/zones", "{\"kind\":\"no_parking\"}", 400, null),
                new Case("DELETE", "/api/v1/suppressions/not-a-uuid", null, 400, "id"),
                new Case("GET", "/api/v1/events/stats?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", null, 400, "after"),
                new Case("GET", "/api/v1/events/stats?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", null, 400, "366"),
                new Case("GET", "/api/v1/audit?limit=100000", null, 403, "admin"))) {
            HttpResponse<String> r = api.send(c.method(), c.path(), c.body(), officer);
            assertThat(r.statusCode()).as(c.method() + " " + c.path().substring(0, Math.min(60, c.path().length())) + ": " + r.body().substring(0, Math.min(300, r.body().length())))
                    .isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            if (c.mentions() != null) assertThat(error(r).getString("message")).contains(c.mentions());
        }
        assertThat(api.events.find(e.id()).orElseThrow().state().wireName()).isEqualTo("open");
        assertThat(api.events.history(e.id())).hasSize(1);
    }

    @Test
    void theMapAnswersItsSourcesAndCentresOnTheCameras() throws Exception {
        HttpResponse<String> r = api.send("GET", "/api/v1/map", null, as("police"));
        assertThat(r.statusCode()).isEqualTo(200);
        contract.assertConforms("getMap", r);
        JsonObject map = json(r);
        assertThat(map.getValue("tiles")).isNull();
        assertThat(map.getInteger("zoom")).isEqualTo(15);
    }

    @Test
    void theConsoleIsServedAtTheRootWithAFallbackForItsRoutes() throws Exception {
        for (String path : List.of("/", "/events/123", "/cameras")) {
            HttpResponse<String> page = api.send("GET", path, null, Map.of());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("<div id=\"app\">");
            assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
        }
        HttpResponse<String> missingAsset = api.send("GET", "/assets/nothing.js", null, Map.of());
        assertThat(missingAsset.statusCode()).isEqualTo(404);
        HttpResponse<String> api404 = api.send("GET", "/api/v1/nothing", null, Map.of());
        assertThat(api404.statusCode()).isEqualTo(404);
        assertThat(api404.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
