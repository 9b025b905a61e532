package city.citywatch.api.e2e;

import city.citywatch.api.testing.CameraStatusPoller;
import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.api.app.Platform;
import city.citywatch.api.kafka.KafkaTestConsumer;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.json.Json;
import city.citywatch.core.zone.Polygon;
import city.citywatch.ingest.testing.Probe;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import city.citywatch.storage.testing.PostgresPeer;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scenario against real peers: GStreamer's RTSP server replays the real RoadTrack highway video (H.264,
 * 1 s GOP) as a camera; the whole platform runs with a real Kafka broker (KRaft child JVM), a real S3-compatible
 * server driven through the MinIO SDK, and the database under test (embedded H2, real PostgreSQL). The car that
 * stops on the shoulder at 23.2 s of the video must open exactly one illegal_parking event at 23.2 s + 10 s dwell,
 * with its snapshot, a playable 20 s clip and its CloudEvent on citywatch.events; the trucks that pass open none.
 * The PostgreSQL run also stops Kafka before the event opens and brings it back after: the event must still be
 * published, exactly once.
 */
class ParkingEndToEndTest {
    private static final String CAMERA = "k295";
    /** gt.txt of the staged sequence: track 0 from frame 233 (10 fps), box x=334 y=194 w=16 h=20. */
    private static final BoundingBox GT_BOX = BoundingBox.ofXywh(334, 194, 16, 20);
    private static final double STOP_S = 23.2, DWELL_S = 10, VIDEO_S = 71.4;

    private static RtspTestServer rtsp;
    /** The test reads as the police would: events, camera status, evidence (a role with no workflow rights). */
    private static final String API_KEY = "e2e-police-key";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void camera() {
        rtsp = RtspTestServer.start("/" + CAMERA, TestVideos.highwayH264());
    }

    @AfterAll
    static void stopCamera() {
        if (rtsp != null) rtsp.close();
    }

    @Test
    void embeddedDatabaseAndARestartThatContinuesTheEvent(@TempDir Path dir) throws Exception {
        String eventId = scenario(dir, "", false);

        // A node restarted while the car is still parked: the camera replays from the start, the car stops again at
        // the same place, and the rule finds it again. That must continue the stored event, not open a second one.
        try (Platform platform = Platform.start(config(dir, ""))) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";
            Instant online = awaitOnline(api);
            JsonNode history = null;
            while (Instant.now().isBefore(online.plusSeconds(60))) {
                history = getJson(api + "/events/" + eventId + "/history").path("items");
                if (history.size() > 1 && history.get(history.size() - 1).path("note").asText().contains("restart")) break;
                Thread.sleep(500);
            }
            assertThat(history).as("history of the event after the restart").isNotNull();
            JsonNode last = history.get(history.size() - 1);
            assertThat(last.path("transition").asText()).isEqualTo("updated");
            assertThat(last.path("note").asText()).isEqualTo("vehicle found again after a restart");
            JsonNode all = getJson(api + "/events?camera=" + CAMERA + "&kind=illegal_parking").path("items");
            assertThat(all).as("still one event for the one parked car").hasSize(1);
            assertThat(all.get(0).path("id").asText()).isEqualTo(eventId);
        }
    }

    @Test
    void postgresqlWithKafkaOutage(@TempDir Path dir) throws Exception {
        PostgresPeer.Login pg = PostgresPeer.login();
        String url = freshDatabase(pg, "citywatch_e2e");
        scenario(dir, "database: {url: '" + url + "', user: '" + pg.user() + "', password: '" + pg.password() + "'}\n", true);
    }

    private static CityWatchConfig config(Path dir, String databaseYaml) {
        return ConfigLoader.parseYaml(databaseYaml + """
                dataDir: %s
                http: {host: 127.0.0.1, port: 0}
                kafka: {embeddedPort: 0}
                objectStore: {embeddedPort: 0}
                models: {dir: %s}
                evidence: {preRollSeconds: 10, postRollSeconds: 10}
                auth:
                  apiKeys: [{name: e2e-police, keyHash: '%s', roles: [police]}]
                cameras:
                  - id: %s
                    name: S2 K295+420
                    streamUri: %s
                    location: {lat: 30.6, lon: 104.1, address: "S2 Chengba expressway K295+420"}
                    zones:
                      - id: shoulder
                        kind: no_parking
                        dwellSeconds: 10
                        severity: high
                        department: traffic-police
                        polygon: %s
                """.formatted(dir.resolve("data"), TestVideos.sharedDir().resolve("models"), PasswordHash.apiKeyHash(API_KEY),
                        CAMERA, rtsp.url("/" + CAMERA),
                        yaml(DemoScene.SHOULDER_ZONE)),
                Map.of());
    }

    /** Runs the scenario once; returns the id of the one event. */
    private String scenario(Path dir, String databaseYaml, boolean kafkaOutage) throws Exception {
        try (Platform platform = Platform.start(config(dir, databaseYaml));
             KafkaTestConsumer kafka = KafkaTestConsumer.subscribe(platform.kafkaBootstrapServers(), "citywatch.events")) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";

            Instant online = awaitOnline(api);
            if (kafkaOutage) {
                sleepUntil(online.plusSeconds(20));
                platform.embeddedBroker().stop();
            }

            JsonNode event = awaitFirstEvent(api, online.plusSeconds(90));
            assertThat(event.path("kind").asText()).isEqualTo("illegal_parking");
            assertThat(event.path("state").asText()).isEqualTo("open");
            assertThat(event.path("zoneId").asText()).isEqualTo("shoulder");
            JsonNode box = event.path("objects").get(0).path("box");
            BoundingBox seen = new BoundingBox(box.path("x1").asDouble(), box.path("y1").asDouble(),
                    box.path("x2").asDouble(), box.path("y2").asDouble());
            assertThat(seen.iou(GT_BOX)).as("IoU of %s with the ground truth %s", seen, GT_BOX).isGreaterThanOrEqualTo(0.5);
            double openedAtVideoS = Duration.between(online, Instant.parse(event.path("startedAt").asText())).toMillis() / 1000.0;
            assertThat(openedAtVideoS).as("opening time in video seconds").isCloseTo(STOP_S + DWELL_S, within(3.0));
            String eventId = event.path("id").asText();

            byte[] jpeg = fetchEvidence(api, eventId, "snapshot", Duration.ofSeconds(30));
            assertThat(jpeg).hasSizeGreaterThan(1000);
            assertThat(new byte[]{jpeg[0], jpeg[1]}).containsExactly(0xFF, 0xD8);

            byte[] mp4 = fetchEvidence(api, eventId, "clip", Duration.ofSeconds(45));
            Path clip = Files.write(dir.resolve("clip.mp4"), mp4);
            JsonNode probe = Probe.formatAndStreams(clip);
            assertThat(probe.path("format").path("format_name").asText()).contains("mp4");
            assertThat(probe.path("format").path("duration").asDouble()).as("clip length = pre-roll + post-roll")
                    .isCloseTo(20.0, within(2.5));
            JsonNode video = probe.path("streams").get(0);
            assertThat(video.path("codec_name").asText()).isEqualTo("h264");
            assertThat(video.path("nb_read_frames").asInt()).as("full frame rate, no re-encoding").isGreaterThan(180);

            if (kafkaOutage) {
                List<ConsumerRecord<String, CloudEvent>> during = kafka.drain(Duration.ofSeconds(2));
                assertThat(during).as("nothing can be published while the broker is down").isEmpty();
                platform.embeddedBroker().restart();
            }
            List<ConsumerRecord<String, CloudEvent>> opened = awaitOpened(kafka, eventId, Duration.ofSeconds(60));
            assertThat(opened).as("the opening CloudEvent, once").hasSize(1);
            ConsumerRecord<String, CloudEvent> record = opened.get(0);
            assertThat(record.key()).isEqualTo(CAMERA);
            assertThat(record.value().getSource()).isEqualTo(URI.create("/cameras/" + CAMERA));
            assertThat(record.value().getSubject()).isEqualTo("shoulder");

            // Under load this can be read just as the 71 s video ends and the camera reconnects: give it a moment back.
            String metrics = get("http://127.0.0.1:" + platform.httpPort() + "/metrics").body();
            for (int i = 0; i < 30 && !metrics.contains("citywatch_cameras_online 1.0"); i++) {
                Thread.sleep(500);
                metrics = get("http://127.0.0.1:" + platform.httpPort() + "/metrics").body();
            }
            assertThat(metrics).contains("citywatch_cameras_online 1.0", "citywatch_outbox_published_total",
                    "citywatch_analysis_frames_dropped{camera=\"" + CAMERA + "\"");

            // Let the video play out: the trucks that pass later must open nothing.
            sleepUntil(online.plusMillis((long) (VIDEO_S * 1000) - 1500));
            JsonNode all = getJson(api + "/events?camera=" + CAMERA + "&kind=illegal_parking");
            assertThat(all.path("items")).as("events of the whole video").hasSize(1);
            assertThat(kafka.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> r.value().getType().equals("city.citywatch.illegal_parking.opened"))).hasSize(1);
            assertThat(kafka.countWithId(record.value().getId())).isEqualTo(1);
            return eventId;
        }
    }

    /** The demo scene's shoulder zone, the one the analytics tests and the demo camera use, as a YAML flow list. */
    private static String yaml(Polygon zone) {
        return zone.points().stream().map(p -> "[" + p.x() + ", " + p.y() + "]")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private Instant awaitOnline(String api) throws Exception {
        JsonNode s = CameraStatusPoller.await(this::get, api + "/cameras/" + CAMERA + "/status", "ONLINE", Duration.ofSeconds(30));
        return Instant.parse(s.path("since").asText());
    }

    private JsonNode awaitFirstEvent(String api, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            JsonNode page = getJson(api + "/events?camera=" + CAMERA);
            if (!page.path("items").isEmpty()) return page.path("items").get(0);
            Thread.sleep(250);
        }
        throw new AssertionError("no event within 90 s of the camera coming online");
    }

    /** Evidence uploads are asynchronous: 409 evidence_pending until the object is in the store. */
    private byte[] fetchEvidence(String api, String eventId, String kind, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = get(api + "/events/" + eventId + "/" + kind);
            if (r.statusCode() == 200) {
                JsonNode signed = Json.mapper().readTree(r.body());
                assertThat(Instant.parse(signed.path("expiresAt").asText())).isAfter(Instant.now());
                HttpResponse<byte[]> obj = http.send(HttpRequest.newBuilder(URI.create(signed.path("url").asText())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(obj.statusCode()).as("GET of the signed %s URL", kind).isEqualTo(200);
                return obj.body();
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            Thread.sleep(500);
        }
        throw new AssertionError(kind + " not available within " + timeout + ": " + (r == null ? "" : r.body()));
    }

    private static List<ConsumerRecord<String, CloudEvent>> awaitOpened(KafkaTestConsumer kafka, String eventId, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<String, CloudEvent>> opened = opened(kafka.drain(Duration.ofMillis(500)), eventId);
            if (!opened.isEmpty()) return opened(kafka.drain(Duration.ofSeconds(2)), eventId);
        }
        return List.of();
    }

    private static List<ConsumerRecord<String, CloudEvent>> opened(List<ConsumerRecord<String, CloudEvent>> records, String eventId)
            throws IOException {
        List<ConsumerRecord<String, CloudEvent>> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, CloudEvent> r : records) {
            if (!r.value().getType().equals("city.citywatch.illegal_parking.opened")) continue;
            JsonNode data = Json.mapper().readTree(r.value().getData().toBytes());
            if (data.path("id").asText().equals(eventId)) out.add(r);
        }
        return out;
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", API_KEY).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) Thread.sleep(ms);
    }

    private static String freshDatabase(PostgresPeer.Login pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return pg.url().substring(0, pg.url().lastIndexOf('/') + 1) + name;
    }
}
