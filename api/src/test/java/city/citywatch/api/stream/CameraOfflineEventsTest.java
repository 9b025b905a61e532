package city.citywatch.api.stream;

import city.citywatch.api.testing.CameraStatusPoller;
import city.citywatch.api.app.Platform;
import city.citywatch.api.kafka.KafkaTestConsumer;
import city.citywatch.api.testing.TestApiKey;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.event.EventTypes;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera's outages as {@code camera_health} events, through the whole platform to a real Kafka broker: a real RTSP
 * camera (GStreamer) is cut off briefly (no event: shorter than {@code ingest.offlineEventSeconds}), then for longer
 * (one event OPENED on {@code citywatch.camera-health} naming the failure class and the last frame time), then comes
 * back (the same event CLOSED). Every record conforms to the AsyncAPI contract.
 */
class CameraOfflineEventsTest {
    private static final String CAMERA = "gate-3";
    private static final int THRESHOLD_S = 5;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOutageLongerThanTheThresholdOpensOneEventThatClosesWhenTheCameraIsBack(@TempDir Path dir) throws Exception {
        try (RtspTestServer rtsp = RtspTestServer.start("/" + CAMERA, TestVideos.highwayH264());
             Platform platform = Platform.start(ConfigLoader.parseYaml("""
                     dataDir: %s
                     http: {host: 127.0.0.1, port: 0}
                     kafka: {embeddedPort: 0}
                     objectStore: {embeddedPort: 0}
                     models: {dir: %s}
                     ingest: {offlineEventSeconds: %d, backoffInitialMillis: 200, backoffMaxSeconds: 1}
                     cameras:
                       - id: %s
                         name: Gate 3
                         streamUri: %s
                         location: {lat: 30.6, lon: 104.1, address: "North gate"}
                     """.formatted(dir.resolve("data"), TestVideos.sharedDir().resolve("models"), THRESHOLD_S, CAMERA,
                     rtsp.url("/" + CAMERA)) + TestApiKey.authYaml(), Map.of()));
             KafkaTestConsumer kafka = KafkaTestConsumer.subscribe(platform.kafkaBootstrapServers(),
                     EventTypes.CAMERA_HEALTH_TOPIC)) {
            String api = "http://127.0.0.1:" + platform.httpPort() + "/api/v1";
            assertThat(awaitState(api, "ONLINE", Duration.ofSeconds(30)).path("failure").isNull()).isTrue();

            // a blip: down 1 s, far below the threshold
            rtsp.kill();
            Thread.sleep(1000);
            rtsp.restart();
            awaitState(api, "ONLINE", Duration.ofSeconds(15));
            assertThat(kafka.drain(Duration.ofSeconds(THRESHOLD_S + 2))).as("no event for an outage of 1 s").isEmpty();

            // a real outage
            Instant cut = Instant.now();
            rtsp.kill();
            JsonNode offline = awaitState(api, "OFFLINE", Duration.ofSeconds(10));
            Instant lastFrame = Instant.parse(offline.path("lastFrameAt").asText());
            assertThat(offline.path("failure").asText()).as("status %s", offline).isIn("stream_lost", "unreachable");
            assertThat(offline.path("reason").asText()).startsWith(offline.path("failure").asText() + ": ");
            assertThat(lastFrame).isBefore(cut.plusMillis(500));
            List<ConsumerRecord<String, CloudEvent>> records = kafka.awaitRecords(1, Duration.ofSeconds(THRESHOLD_S + 20));
            assertThat(records).as("the opened event").hasSize(1);
            ConsumerRecord<String, CloudEvent> opened = records.get(0);
            assertThat(opened.key()).isEqualTo(CAMERA);
            assertThat(opened.value().getType()).isEqualTo("city.citywatch.camera_health.opened");
            assertThat(opened.value().getSource()).isEqualTo(URI.create("/cameras/" + CAMERA));
            assertThat(opened.value().getSubject()).as("the finding, for consumers that route on it").isEqualTo("offline");
            JsonNode data = Json.mapper().readTree(opened.value().getData().toBytes());
            assertThat(data.path("kind").asText()).isEqualTo("camera_health");
            assertThat(data.path("health").path("finding").asText()).isEqualTo("offline");
            assertThat(data.path("health").path("failure").asText()).isIn("stream_lost", "unreachable");
            assertThat(data.path("health").path("description").asText()).startsWith(data.path("health").path("failure").asText() + ": ");
            assertThat(Duration.between(lastFrame, Instant.parse(data.path("health").path("lastFrameAt").asText())).abs())
                    .as("the last frame time the camera's status shows").isLessThan(Duration.ofMillis(1));
            assertThat(data.path("health").path("value").asDouble()).isGreaterThanOrEqualTo(THRESHOLD_S);
            assertThat(data.path("health").path("threshold").asDouble()).isEqualTo(THRESHOLD_S);
            Instant startedAt = Instant.parse(data.path("startedAt").asText());
            assertThat(Duration.between(cut, startedAt).abs()).as("the outage began when the camera was cut off")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(data.path("endedAt").isNull()).isTrue();
            String eventId = data.path("id").asText();

            // the outage goes on: still one event, however many reconnection attempts fail
            assertThat(kafka.drain(Duration.ofSeconds(3))).hasSize(1);

            Instant back = Instant.now();
            rtsp.restart();
            awaitState(api, "ONLINE", Duration.ofSeconds(15));
            records = kafka.awaitRecords(2, Duration.ofSeconds(15));
            assertThat(records).hasSize(2);
            CloudEvent closed = records.get(1).value();
            assertThat(closed.getType()).isEqualTo("city.citywatch.camera_health.closed");
            JsonNode closedData = Json.mapper().readTree(closed.getData().toBytes());
            assertThat(closedData.path("id").asText()).isEqualTo(eventId);
            assertThat(Instant.parse(closedData.path("endedAt").asText())).isAfter(back);
            assertThat(closedData.path("health").path("finding").asText()).isEqualTo("offline");

            // as the REST API tells it
            JsonNode stored = getJson(api + "/events/" + eventId);
            assertThat(stored.path("kind").asText()).isEqualTo("camera_health");
            assertThat(stored.path("endedAt").isNull()).isFalse();

            for (byte[] raw : rawValues(platform.kafkaBootstrapServers(), 2)) {
                var conformance = AsyncApiContract.validateRecordValue(raw);
                assertThat(conformance.getValid()).as("record against asyncapi/citywatch.yaml: %s",
                        new String(raw, java.nio.charset.StandardCharsets.UTF_8)).isTrue();
            }
        }
    }

    private JsonNode awaitState(String api, String state, Duration timeout) throws Exception {
        return CameraStatusPoller.await(url -> http.send(TestApiKey.request(url).build(), HttpResponse.BodyHandlers.ofString()),
                api + "/cameras/" + CAMERA + "/status", state, timeout);
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http.send(TestApiKey.request(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static List<byte[]> rawValues(String bootstrap, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(EventTypes.CAMERA_HEALTH_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) out.add(r.value());
            }
        }
        assertThat(out).hasSize(count);
        return out;
    }
}
