package city.citywatch.api.http;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Transition;
import city.citywatch.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

class EventApiTest extends OneApiPerClass {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    /** Newest first, as the API lists them. */
    static final List<Event> stored = new ArrayList<>();

    @BeforeAll
    static void seed() {
        EventKind[] kinds = {EventKind.ILLEGAL_PARKING, EventKind.DEBRIS, EventKind.CROWD, EventKind.FLOODING};
        for (int i = 0; i < 8; i++) {
            String camera = i % 2 == 0 ? "cam-a" : "cam-b";
            stored.add(0, Events.opened(api.events, Events.event(camera, kinds[i % 4], T0.plusSeconds(60L * i))));
        }
        // One event moves on in the workflow, so state filters and history have something to find.
        Event acked = stored.get(0).withState(EventState.ACKNOWLEDGED, T0.plusSeconds(3600));
        stored.set(0, api.events.record(new EventChange(acked, Transition.ACKNOWLEDGED, "officer-li", T0.plusSeconds(3600),
                "on my way")).event());
    }

    static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    static List<String> ids(List<Event> events) {
        return events.stream().map(e -> e.id().toString()).toList();
    }

    @Test
    void listsEventsNewestFirstAsTheEventStreamSerialisesThem() throws Exception {
        HttpResponse<String> response = api.get("/api/v1/events");

        assertThat(response.statusCode()).isEqualTo(200);
        contract.assertConforms("listEvents", response);
        JsonObject page = json(response);
        assertThat(ids(page)).isEqualTo(ids(stored));
        assertThat(page.getValue("next")).isNull();
        // Same JSON as core's mapper writes for the event stream.
        JsonObject expected = new JsonObject(Json.mapper().writeValueAsString(stored.get(1)));
        assertThat(page.getJsonArray("items").getJsonObject(1)).isEqualTo(expected);
    }

    @Test
    void conformanceCheckIsNotVacuous() throws Exception {
        HttpResponse<String> response = api.get("/api/v1/events?limit=1");
        JsonObject page = json(response);
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        assertThat(contract.violation("listEvents", 200, headers, page.encode(), "application/json")).isEmpty();

        JsonObject badKind = page.copy();
        badKind.getJsonArray("items").getJsonObject(0).put("kind", "littering");
        assertThat(contract.violation("listEvents", 200, headers, badKind.encode(), "application/json"))
                .hasValueSatisfying(v -> assertThat(v).contains("kind"));
        JsonObject missingStart = page.copy();
        missingStart.getJsonArray("items").getJsonObject(0).remove("startedAt");
        assertThat(contract.violation("listEvents", 200, headers, missingStart.encode(), "application/json"))
                .hasValueSatisfying(v -> assertThat(v).contains("startedAt"));
    }

    @Test
    void filtersByCameraKindStateAndTime() throws Exception {
        assertThat(ids(json(api.get("/api/v1/events?camera=cam-b"))))
                .isEqualTo(ids(stored.stream().filter(e -> e.camera().id().equals("cam-b")).toList()));
        assertThat(ids(json(api.get("/api/v1/events?kind=debris"))))
                .isEqualTo(ids(stored.stream().filter(e -> e.kind() == EventKind.DEBRIS).toList()));
        assertThat(ids(json(api.get("/api/v1/events?state=acknowledged")))).containsExactly(stored.get(0).id().toString());
        assertThat(ids(json(api.get("/api/v1/events?camera=cam-a&kind=crowd"))))
                .isEqualTo(ids(stored.stream().filter(e -> e.camera().id().equals("cam-a") && e.kind() == EventKind.CROWD).toList()));
        String since = enc(T0.plusSeconds(120).toString());
        String until = enc("2025-03-01T16:05:00+08:00"); // = 08:05Z, offsets are accepted
        HttpResponse<String> window = api.get("/api/v1/events?since=" + since + "&until=" + until);
        assertThat(window.statusCode()).as(window.body()).isEqualTo(200);
        assertThat(ids(json(window))).isEqualTo(ids(stored.stream()
                .filter(e -> !e.startedAt().isBefore(T0.plusSeconds(120)) && e.startedAt().isBefore(T0.plusSeconds(300)))
                .toList()));
    }

    @Test
    void cameraFilterKnowsRegisteredCamerasAndCamerasWithHistory() throws Exception {
        // cam-a and cam-b have events but are not registered (deleted cameras keep their history): listed above.
        api.cameras.create(new Camera("quiet", null, URI.create("rtsp://10.1.1.1/s"), null, List.of()));
        try {
            HttpResponse<String> quiet = api.get("/api/v1/events?camera=quiet");
            assertThat(quiet.statusCode()).isEqualTo(200);
            assertThat(ids(json(quiet))).isEmpty();
        } finally {
            api.cameras.delete("quiet");
        }
        HttpResponse<String> unknown = api.get("/api/v1/events?camera=nobody");
        assertThat(unknown.statusCode()).isEqualTo(400);
        contract.assertConforms("listEvents", unknown);
        assertThat(error(unknown).getString("field")).isEqualTo("camera");
        assertThat(error(unknown).getString("message")).isEqualTo("camera: unknown camera 'nobody': it is not registered and has no events");
        // A filter that matches nothing for a known camera is just an empty page.
        assertThat(api.get("/api/v1/events?camera=cam-a&kind=camera_health").statusCode()).isEqualTo(200);
    }

    @Test
    void pagesThroughEverythingWithTheCursor() throws Exception {
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> response = api.get("/api/v1/events?limit=3" + (next == null ? "" : "&cursor=" + enc(next)));
            assertThat(response.statusCode()).isEqualTo(200);
            contract.assertConforms("listEvents", response);
            JsonObject page = json(response);
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(3);
            seen.addAll(ids(page));
            next = page.getString("next");
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(ids(stored));
    }

    @Test
    void getsOneEventAndItsHistory() throws Exception {
        Event acked = stored.get(0);
        HttpResponse<String> one = api.get("/api/v1/events/" + acked.id());
        assertThat(one.statusCode()).isEqualTo(200);
        contract.assertConforms("getEvent", one);
        assertThat(json(one)).isEqualTo(new JsonObject(Json.mapper().writeValueAsString(acked)));

        HttpResponse<String> history = api.get("/api/v1/events/" + acked.id() + "/history");
        assertThat(history.statusCode()).isEqualTo(200);
        contract.assertConforms("getEventHistory", history);
        JsonArray items = json(history).getJsonArray("items");
        assertThat(items.stream().map(o -> ((JsonObject) o).getString("transition"))).containsExactly("opened", "acknowledged");
        assertThat(items.getJsonObject(1).getString("actor")).isEqualTo("officer-li");
        assertThat(items.getJsonObject(1).getString("note")).isEqualTo("on my way");
        assertThat(items.getJsonObject(1).getJsonObject("event").getString("state")).isEqualTo("acknowledged");
    }

    @Test
    void unknownEventIs404() throws Exception {
        for (String suffix : new String[]{"", "/history", "/clip", "/snapshot"}) {
            HttpResponse<String> response = api.get("/api/v1/events/" + UUID.randomUUID() + suffix);
            assertThat(response.statusCode()).as(suffix).isEqualTo(404);
            assertThat(error(response).getString("code")).isEqualTo("not_found");
            assertThat(error(response).getString("message")).contains("does not exist");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kind=foo                 | kind   | illegal_parking",
            "state=closed             | state  | false_alarm",
            "since=yesterday          | since  | ISO-8601",
            "until=2025-13-01T00:00Z  | until  | ISO-8601",
            "limit=0                  | limit  | 0 is less than 1",
            "limit=501                | limit  | 501 is greater than 500",
            "limit=ten                | limit  | integer",
            "camera=no%20spaces       | camera | must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
            "kind=debris&kind=crowd   | kind   | is given 2 times",
            "cursor=not-a-cursor      | cursor | not a cursor this server issued",
            "camra=cam-a              | camra  | is not a parameter of this operation",
            "since=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z | until | must be after since"})
    void badQueryIs400NamingTheParameter(String query, String field, String messagePart) throws Exception {
        HttpResponse<String> response = api.get("/api/v1/events?" + query);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        contract.assertConforms("listEvents", response);
        assertThat(error(response).getString("field")).isEqualTo(field);
        assertThat(error(response).getString("message")).startsWith(field + ": ").contains(messagePart);
    }

    @Test
    void malformedEventIdIs400() throws Exception {
        HttpResponse<String> response = api.get("/api/v1/events/12345");
        assertThat(response.statusCode()).isEqualTo(400);
        contract.assertConforms("getEvent", response);
        assertThat(error(response).getString("field")).isEqualTo("id");
        assertThat(error(response).getString("message")).contains("UUID");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
