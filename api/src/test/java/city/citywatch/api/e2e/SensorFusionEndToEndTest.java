package city.citywatch.api.e2e;

import city.citywatch.api.app.Platform;
import city.citywatch.api.kafka.KafkaTestBroker;
import city.citywatch.api.stream.AsyncApiContract;
import city.citywatch.api.testing.TestApiKey;
import city.citywatch.core.config.ConfigLoader;
import city.citywatch.core.json.Json;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.ingest.testing.MosquittoBroker;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sensor layer through a whole node, against real peers: gauges publish with mosquitto_pub to a real Mosquitto,
 * the node stores each reading, republishes it to Kafka {@code citywatch.sensors} (real KRaft broker) through the
 * outbox, and a water-level gauge over its threshold raises a flooding event that no camera saw (source
 * {@code /sensors/<id>}), routed to the department of the zone that links the gauge; the open event survives a node
 * restart and the subscription a broker crash and restart. Every record is checked against the AsyncAPI document.
 */
class SensorFusionEndToEndTest {
    @Test
    void readingsAreStoredRepublishedAndAGaugeOverItsThresholdRaisesAFloodThatSurvivesABrokerRestart(@TempDir Path dir)
            throws Exception {
        String gauge = "gauge-" + UUID.randomUUID().toString().substring(0, 8);
        String kafka = KafkaTestBroker.shared().bootstrapServers();
        String openedId;
        try (MosquittoBroker mqtt = MosquittoBroker.start()) {
            var config = ConfigLoader.parseYaml("""
                    dataDir: %s
                    http: {host: 127.0.0.1, port: 0}
                    kafka: {bootstrapServers: "%s"}
                    objectStore: {embeddedPort: 0}
                    flood: {modelDir: %s}
                    mqtt: {brokerUrl: "%s", clientId: citywatch-%s, reconnectMaxSeconds: 2}
                    sensors:
                      - {id: %s, name: Underpass gauge, kind: water_level, topic: city/gauges/%s, threshold: 20,
                         location: {lat: 30.66, lon: 104.06, address: "Renmin Rd underpass"}}
                      - {id: rain-%s, kind: rain, topic: city/rain/%s, unit: mm/h, threshold: 30}
                    cameras:
                      - id: underpass-%s
                        streamUri: rtsp://127.0.0.1:9/not-here
                        zones:
                          - id: low-point
                            kind: flood_watch
                            department: flood-control
                            polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]]
                            params: {waterFraction: 0.3, gauges: [%s, rain-%s]}
                    """.formatted(dir.resolve("data"), kafka, dir.resolve("no-model"), mqtt.url(), gauge, gauge, gauge,
                    gauge, gauge, gauge, gauge, gauge) + TestApiKey.authYaml(), Map.of());
            try (Platform platform = Platform.start(config);
                 KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
                String topic = "city/gauges/" + gauge;
                mqtt.publish(topic, "12.5");
                mqtt.publish(topic, "{\"value\": \"deep\"}"); // refused, logged, counted, not fatal
                mqtt.publish(topic, "{\"value\": 34, \"unit\": \"cm\"}");

                List<ConsumerRecord<String, byte[]>> readings = await(consumer, 2, r -> r.topic().equals("citywatch.sensors")
                        && r.key().equals(gauge));
                assertThat(readings).hasSize(2);
                for (var r : readings) {
                    assertThat(AsyncApiContract.validateSensorRecordValue(r.value()).getValid()).as(new String(r.value())).isTrue();
                }
                assertThat(readings).extracting(r -> json(r).path("data").path("value").asDouble()).containsExactly(12.5, 34.0);
                assertThat(platform.sensorReadings().latest(gauge, 10)).extracting(SensorReading::value).containsExactly(34.0, 12.5);

                var opened = await(consumer, 1, r -> r.topic().equals("citywatch.events") && r.key().equals("sensor:" + gauge));
                assertThat(opened).hasSize(1);
                JsonNode ev = json(opened.getFirst());
                assertThat(AsyncApiContract.validateRecordValue(opened.getFirst().value()).getValid()).as(ev.toString()).isTrue();
                assertThat(ev.path("type").asText()).isEqualTo("city.citywatch.flooding.opened");
                assertThat(ev.path("source").asText()).isEqualTo("/sensors/" + gauge);
                assertThat(ev.path("data").path("department").asText()).isEqualTo("flood-control");
                assertThat(ev.path("data").path("severity").asText()).isEqualTo("medium");
                assertThat(ev.path("data").path("camera").path("name").asText()).isEqualTo("Underpass gauge");
                JsonNode object = ev.path("data").path("objects").get(0);
                assertThat(object.path("sensorId").asText()).isEqualTo(gauge);
                assertThat(object.path("value").asDouble()).isEqualTo(34.0);
                assertThat(object.path("unit").asText()).isEqualTo("cm");
                assertThat(await(consumer, 1, r -> r.topic().equals("citywatch.dispatch.flood-control")
                        && r.key().equals("sensor:" + gauge))).as("routed to the zone's department").hasSize(1);

                // The REST API lists the event as the stream announced it.
                String events = HttpClient.newHttpClient().send(TestApiKey.request(
                                "http://127.0.0.1:" + platform.httpPort() + "/api/v1/events?kind=flooding").build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(events).contains(ev.path("data").path("id").asText(), "sensor:" + gauge);

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + platform.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern("citywatch_sensor_readings_rejected_total(\\{[^}]*})? 1\\.0");
                openedId = ev.path("data").path("id").asText();

            }
            // A restarted node continues the gauge's open event; a broker crash and restart does not cost it the
            // subscription: the water going down, reported after both, closes that same event.
            try (Platform platform = Platform.start(config);
                 KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
                mqtt.kill();
                mqtt.restart();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                List<ConsumerRecord<String, byte[]>> closed = List.of();
                while (closed.isEmpty() && System.nanoTime() < deadline) {
                    mqtt.publish("city/gauges/" + gauge, "{\"value\": 5, \"unit\": \"cm\"}"); // repeated until the node is back
                    closed = await(consumer, 1, r -> r.topic().equals("citywatch.events") && r.key().equals("sensor:" + gauge)
                            && json(r).path("type").asText().equals("city.citywatch.flooding.closed"), Duration.ofSeconds(5));
                }
                assertThat(closed).as("flood closed by a reading sent after the node and broker restarts").hasSize(1);
                assertThat(AsyncApiContract.validateRecordValue(closed.getFirst().value()).getValid()).isTrue();
                assertThat(json(closed.getFirst()).path("data").path("id").asText()).isEqualTo(openedId);
                assertThat(json(closed.getFirst()).path("data").path("endedAt").isNull()).isFalse();
                assertThat(platform.events().ongoing("sensor:" + gauge, city.citywatch.core.event.EventKind.FLOODING)).isEmpty();
            }
        }
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.mapper().readTree(r.value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "sensor-e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // the dispatch topic is created when the first event is routed: let the pattern find it quickly
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(java.util.regex.Pattern.compile("citywatch\\..*"));
        return c;
    }

    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private List<ConsumerRecord<String, byte[]>> await(KafkaConsumer<String, byte[]> c, int count,
                                                        Predicate<ConsumerRecord<String, byte[]>> match) {
        return await(c, count, match, Duration.ofSeconds(60));
    }

    /** Polls until {@code count} records seen so far match (or the timeout), returns the matching ones. */
    private List<ConsumerRecord<String, byte[]>> await(KafkaConsumer<String, byte[]> c, int count,
                                                        Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, byte[]>> hits = seen.stream().filter(match).toList();
            if (hits.size() >= count || System.nanoTime() > deadline) return hits;
            c.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }
}
