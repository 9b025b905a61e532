package city.citywatch.api.e2e;

import city.citywatch.api.testing.CameraStatusPoller;
import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.api.app.Platform;
import city.citywatch.api.kafka.KafkaTestConsumer;
import city.citywatch.api.stream.AsyncApiContract;
import city.citywatch.api.testing.TestApiKey;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.json.Json;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A picture fault through the whole platform and its real peers (GStreamer RTSP camera, Kafka, S3-compatible store,
 * embedded database): the real highway video with its lens taped over from 8 s on (90 % of the picture a flat dark
 * colour, as ffmpeg draws it into the stream). The fault must come out as a camera_health event with the finding
 * {@code covered}, its snapshot in the store and its CloudEvent on citywatch.camera-health; and the car that stops on
 * the shoulder at 23.2 s, which opens an illegal-parking event after 10 s on a good picture, must open none.
 */
class PictureFaultEndToEndTest {
    private static final String CAMERA = "k295-taped";
    private static final int COVERED_FROM_S = 8;
    private static RtspTestServer rtsp;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void camera() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-videos").toAbsolutePath());
        Path taped = dir.resolve("highway-h264-taped-from-" + COVERED_FROM_S + "s.mp4");
        if (!Files.isRegularFile(taped) || Files.size(taped) == 0) {
            Path partial = Files.createTempFile(dir, "taped", ".partial.mp4");
            Process p = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-i", TestVideos.highwayOriginal().toString(), "-an",
                    "-vf", "drawbox=x=0:y=0:w=iw*0.9:h=ih:color=0x26323a@1:t=fill:enable='gte(t," + COVERED_FROM_S + ")'",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "10", "-keyint_min", "10",
                    "-sc_threshold", "0", "-bf", "0", partial.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0).as("ffmpeg: %s", out).isTrue();
            Files.move(partial, taped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        rtsp = RtspTestServer.start("/" + CAMERA, taped);
    }

    @AfterAll
    static void stopCamera() {
        if (rtsp != null) rtsp.close();
    }

    @Test
    void aTapedLensIsACameraHealthEventWithSnapshotOnKafkaAndNoParkingVerdict(@TempDir Path dir) throws Exception {
        String zone = DemoScene.SHOULDER_ZONE.points().stream().map(p -> "[" + p.x() + ", " + p.y() + "]")
                .collect(Collectors.joining(", ", "[", "]"));
        var config = ConfigLoader.parseYaml("""
                dataDir: %s
                http: {host: 127.0.0.1, port: 0}
                kafka: {embeddedPort: 0}
                objectStore: {embeddedPort: 0}
                models: {dir: %s}
                quality: {checkIntervalSeconds: 2}
                cameras:
                  - id: %s
                    name: S2 K295+420 (taped)
                    streamUri: %s
                    zones:
                      - id: shoulder
                        kind: no_parking
                        dwellSeconds: 10
                        department: traffic-police
                        polygon: %s
                """.formatted(dir.resolve("data"), TestVideos.sharedDir().resolve("models"), CAMERA, rtsp.url("/" + CAMERA),
                zone) + TestApiKey.authYaml(), Map.of());
        try (Platform platform = Platform.start(config);
             KafkaTestConsumer kafka = KafkaTestConsumer.subscribe(platform.kafkaBootstrapServers(), "citywatch.camera-health")) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";
            Instant online = awaitOnline(api);

            JsonNode event = null;
            while (event == null && Instant.now().isBefore(online.plusSeconds(60))) {
                JsonNode items = getJson(api + "/events?camera=" + CAMERA + "&kind=camera_health").path("items");
                if (!items.isEmpty()) event = items.get(0);
                else Thread.sleep(250);
            }
            assertThat(event).as("camera_health event within 60 s of the camera coming online").isNotNull();
            assertThat(event.path("health").path("finding").asText()).isEqualTo("covered");
            assertThat(event.path("health").path("value").asDouble())
                    .isGreaterThanOrEqualTo(event.path("health").path("threshold").asDouble());
            assertThat(event.path("severity").asText()).isEqualTo("high");
            assertThat(event.path("state").asText()).isEqualTo("open");
            double raisedAtS = Duration.between(online, Instant.parse(event.path("startedAt").asText())).toMillis() / 1000.0;
            // three bad checks, 2 s apart, the first at or after the tape arrives
            assertThat(raisedAtS).as("raised at (video seconds)").isBetween(COVERED_FROM_S + 3.0, COVERED_FROM_S + 10.0);
            String eventId = event.path("id").asText();

            BufferedImage snapshot = ImageIO.read(new ByteArrayInputStream(fetchSnapshot(api, eventId)));
            assertThat(snapshot.getWidth()).isEqualTo(640);
            int rgb = snapshot.getRGB(200, 300); // under the tape
            assertThat(((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)).isLessThan(3 * 90);

            List<ConsumerRecord<String, CloudEvent>> opened = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (opened.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CloudEvent> r : kafka.drain(Duration.ofMillis(500))) {
                    if (r.value().getType().equals("city.citywatch.camera_health.opened")) opened.add(r);
                }
            }
            assertThat(opened).as("the opening CloudEvent on citywatch.camera-health").hasSize(1);
            assertThat(opened.getFirst().key()).isEqualTo(CAMERA);
            JsonNode data = Json.mapper().readTree(opened.getFirst().value().getData().toBytes());
            assertThat(data.path("id").asText()).isEqualTo(eventId);
            assertThat(data.path("health").path("finding").asText()).isEqualTo("covered");
            assertThat(data.path("evidence").path("snapshotKey").asText()).startsWith("snapshots/" + CAMERA + "/");
            // what a consumer without the CloudEvents SDK reads is the contract of asyncapi/citywatch.yaml
            byte[] raw = rawCameraHealthValue(platform.kafkaBootstrapServers());
            var conformance = AsyncApiContract.validateRecordValue(raw);
            assertThat(conformance.getValid()).as("record value against the AsyncAPI contract: %s", conformance.getErrors())
                    .isTrue();

            // on a good picture the parked car opens its event at 23.2 s + 10 s; under the tape it must not
            long untilCarWouldOpen = Duration.between(Instant.now(), online.plusSeconds(40)).toMillis();
            if (untilCarWouldOpen > 0) Thread.sleep(untilCarWouldOpen);
            assertThat(getJson(api + "/events?camera=" + CAMERA + "&kind=illegal_parking").path("items"))
                    .as("no parking verdict on a covered picture").isEmpty();
        }
    }

    private static byte[] rawCameraHealthValue(String bootstrapServers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("citywatch.camera-health"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (CAMERA.equals(r.key())) return r.value();
                }
            }
        }
        throw new AssertionError("no record of " + CAMERA + " on citywatch.camera-health");
    }

    private Instant awaitOnline(String api) throws Exception {
        JsonNode s = CameraStatusPoller.await(this::get, api + "/cameras/" + CAMERA + "/status", "ONLINE", Duration.ofSeconds(30));
        return Instant.parse(s.path("since").asText());
    }

    /** The upload is asynchronous: 409 evidence_pending until the object is in the store. */
    private byte[] fetchSnapshot(String api, String eventId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = get(api + "/events/" + eventId + "/snapshot");
            if (r.statusCode() == 200) {
                String url = Json.mapper().readTree(r.body()).path("url").asText();
                HttpResponse<byte[]> obj = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(obj.statusCode()).isEqualTo(200);
                return obj.body();
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            Thread.sleep(500);
        }
        throw new AssertionError("snapshot not available within 30 s: " + (r == null ? "" : r.body()));
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(TestApiKey.request(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
