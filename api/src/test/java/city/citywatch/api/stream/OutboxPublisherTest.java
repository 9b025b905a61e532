package city.citywatch.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.citywatch.api.kafka.EmbeddedKafkaBroker;
import city.citywatch.api.kafka.KafkaTestBroker;
import city.citywatch.api.kafka.KafkaTestConsumer;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicSettings;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.json.Json;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.outbox.NewOutboxMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish path against a real broker and the real outbox (storage's JDBC store on embedded H2). */
class OutboxPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private Database db;
    private EventRepository events;
    private JdbcOutboxStore outbox;
    private TopicAdmin topics;
    private OutboxPublisher publisher;

    @BeforeEach
    void setUp() {
        broker = KafkaTestBroker.shared();
        db = Database.open(DatabaseSettings.embedded(dir));
        events = new EventRepository(db);
        outbox = new JdbcOutboxStore(db);
        topics = new TopicAdmin(broker.bootstrapServers(), TopicSettings.embedded());
        topics.ensureStandardTopics(WAIT);
    }

    @AfterEach
    void tearDown() {
        if (publisher != null) {
            publisher.close();
        }
        topics.close();
        db.close();
    }

    @Test
    void aRecordedEventIsConsumedAsAStructuredCloudEventOnEveryTopicItNames() throws Exception {
        String camera = "cam-" + shortId();
        String department = "roads-" + shortId();
        Event event = TestEvents.parking(camera, "kerb-1", department, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        EventChange recorded = events.record(TestEvents.opened(event));
        start(PublisherSettings.defaults(broker.bootstrapServers()));
        publisher.nudge();

        String dispatchTopic = EventTypes.DISPATCH_TOPIC_PREFIX + department;
        CloudEvent onAll = onlyRecordOf(EventTypes.ALL_EVENTS_TOPIC, camera);
        CloudEvent onDispatch = onlyRecordOf(dispatchTopic, camera);

        String ceId = outboxCeId(camera);
        for (CloudEvent ce : List.of(onAll, onDispatch)) {
            assertThat(ce.getId()).isEqualTo(ceId);
            assertThat(ce.getType()).isEqualTo("city.citywatch.illegal_parking.opened");
            assertThat(ce.getSource().toString()).isEqualTo("/cameras/" + camera);
            assertThat(ce.getSubject()).isEqualTo("kerb-1");
            assertThat(ce.getTime().toInstant()).isEqualTo(recorded.at());
            assertThat(ce.getDataContentType()).isEqualTo("application/json");
            JsonNode data = Json.mapper().readTree(ce.getData().toBytes());
            assertThat(data.toString()).contains(event.id().toString()).contains(camera).contains(department);
        }
        // A consumer without the CloudEvents SDK sees the whole envelope, data as JSON, in the record value.
        byte[] raw = rawValueOf(EventTypes.ALL_EVENTS_TOPIC, camera);
        var conformance = AsyncApiContract.validateRecordValue(raw);
        assertThat(conformance.getValid()).as("record value against asyncapi/citywatch.yaml: %s", conformance.getErrors()).isTrue();
        JsonNode envelope = Json.mapper().readTree(raw);
        assertThat(envelope.get("specversion").asText()).isEqualTo("1.0");
        assertThat(envelope.get("id").asText()).isEqualTo(ceId);
        assertThat(envelope.get("data").isObject()).isTrue();

        await().atMost(WAIT).until(() -> outbox.pendingCount() == 0);
        assertThat(sentAtOfAllRows(camera)).hasSize(2).doesNotContainNull();
        assertThat(publisher.publishedCount()).isEqualTo(2);
        assertThat(publisher.failureCount()).isZero();
        assertThat(publisher.kafkaAvailable()).isTrue();
        assertThat(topics.partitionCount(dispatchTopic, WAIT)).isEqualTo(TopicSettings.embedded().partitions());
    }

    @Test
    void eachCamerasEventsArriveInTheOrderTheyWereRecorded() {
        String camA = "cam-a" + shortId();
        String camB = "cam-b" + shortId();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Event a = TestEvents.parking(camA, "kerb-1", "roads", t0);
        Event b = TestEvents.parking(camB, "kerb-2", "roads", t0);
        List<String> expectedA = new ArrayList<>();
        List<String> expectedB = new ArrayList<>();
        expectedA.add(events.record(TestEvents.opened(a)).transition().wireName());
        expectedB.add(events.record(TestEvents.opened(b)).transition().wireName());
        for (int step = 1; step <= 12; step++) {
            expectedA.add(events.record(TestEvents.updated(a, step)).transition().wireName() + step);
            if (step % 3 == 0) {
                expectedB.add(events.record(TestEvents.updated(b, step)).transition().wireName() + step);
            }
        }
        expectedA.add(events.record(TestEvents.closed(a, 20)).transition().wireName());
        expectedB.add(events.record(TestEvents.closed(b, 20)).transition().wireName());
        // Small batches: the order must hold across rounds, not only within one.
        start(new PublisherSettings(broker.bootstrapServers(), 4, Duration.ofMillis(100), Duration.ofSeconds(1),
                Map.of()));

        try (KafkaTestConsumer consumer = KafkaTestConsumer.subscribe(broker.bootstrapServers(),
                EventTypes.ALL_EVENTS_TOPIC)) {
            await().atMost(WAIT).until(() -> consumer.drain(Duration.ofMillis(300)).stream()
                    .filter(r -> r.key().equals(camA) || r.key().equals(camB)).count()
                    == expectedA.size() + expectedB.size());
            List<ConsumerRecord<String, CloudEvent>> mine = consumer.drain(Duration.ofMillis(500)).stream()
                    .filter(r -> r.key().equals(camA) || r.key().equals(camB)).toList();
            assertThat(stepsOf(mine, camA)).containsExactlyElementsOf(expectedA);
            assertThat(stepsOf(mine, camB)).containsExactlyElementsOf(expectedB);
        }
    }

    @Test
    void aRowThatCannotBeACloudEventStaysPendingWithItsReasonAndHoldsBackOnlyItsOwnStream() {
        String bad = "cam-bad" + shortId();
        String good = "cam-good" + shortId();
        Instant now = Instant.now();
        byte[] data = "{\"note\":\"test\"}".getBytes(StandardCharsets.UTF_8);
        List<NewOutboxMessage> rows = List.of(
                new NewOutboxMessage(UUID.randomUUID(), EventTypes.ALL_EVENTS_TOPIC, bad,
                        "city.citywatch.debris.opened", "/cameras/" + bad + " with spaces", "z", now, data),
                new NewOutboxMessage(UUID.randomUUID(), EventTypes.ALL_EVENTS_TOPIC, bad,
                        "city.citywatch.debris.closed", "/cameras/" + bad, "z", now, data),
                new NewOutboxMessage(UUID.randomUUID(), EventTypes.ALL_EVENTS_TOPIC, good,
                        "city.citywatch.debris.opened", "/cameras/" + good, "z", now, data));
        db.inTransaction("insert test outbox rows", c -> {
            JdbcOutboxStore.append(c, rows);
            return null;
        });
        start(new PublisherSettings(broker.bootstrapServers(), 10, Duration.ofMillis(100), Duration.ofSeconds(1),
                Map.of()));

        List<ConsumerRecord<String, CloudEvent>> got = KafkaTestConsumer.read(broker.bootstrapServers(),
                EventTypes.ALL_EVENTS_TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(3));
        assertThat(got).filteredOn(r -> r.key().equals(good)).hasSize(1);
        assertThat(got).filteredOn(r -> r.key().equals(bad)).isEmpty();

        assertThat(outbox.pendingCount()).isEqualTo(2);
        long badId = rowId(bad, "city.citywatch.debris.opened");
        long heldId = rowId(bad, "city.citywatch.debris.closed");
        assertThat(outbox.lastError(badId)).get().asString()
                .contains("source").contains("is not a URI reference");
        assertThat(outbox.lastError(heldId)).as("held back behind the refused row, never tried").isEmpty();
        assertThat(publisher.kafkaAvailable()).isTrue();
    }

    private void start(PublisherSettings settings) {
        publisher = new OutboxPublisher(outbox, topics, settings);
        publisher.start();
    }

    private CloudEvent onlyRecordOf(String topic, String key) {
        try (KafkaTestConsumer consumer = KafkaTestConsumer.subscribe(broker.bootstrapServers(), topic)) {
            await().atMost(WAIT).until(() -> consumer.drain(Duration.ofMillis(300)).stream()
                    .anyMatch(r -> key.equals(r.key())));
            List<ConsumerRecord<String, CloudEvent>> mine = consumer.drain(Duration.ofMillis(500)).stream()
                    .filter(r -> key.equals(r.key())).toList();
            assertThat(mine).hasSize(1);
            return mine.get(0).value();
        }
    }

    private byte[] rawValueOf(String topic, String key) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    private static List<String> stepsOf(List<ConsumerRecord<String, CloudEvent>> records, String camera) {
        return records.stream().filter(r -> r.key().equals(camera)).map(r -> {
            String transition = r.value().getType().substring(r.value().getType().lastIndexOf('.') + 1);
            if (!transition.equals("updated")) {
                return transition;
            }
            Instant start = Instant.parse(readTree(r.value()).get("startedAt").asText());
            return transition + Duration.between(start, r.value().getTime().toInstant()).toSeconds();
        }).collect(Collectors.toList());
    }

    private static JsonNode readTree(CloudEvent ce) {
        try {
            return Json.mapper().readTree(ce.getData().toBytes());
        } catch (java.io.IOException e) {
            throw new AssertionError("data of " + ce.getId() + " is not JSON", e);
        }
    }

    private String outboxCeId(String camera) {
        return db.read("test: ce id", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ce_id FROM outbox WHERE message_key = ?")) {
                ps.setString(1, camera);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String id = rs.getString(1);
                    assertThat(rs.next()).as("one CloudEvent id for all topics of a change").isFalse();
                    return id;
                }
            }
        });
    }

    private List<java.sql.Timestamp> sentAtOfAllRows(String camera) {
        return db.read("test: sent_at", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sent_at FROM outbox WHERE message_key = ?")) {
                ps.setString(1, camera);
                List<java.sql.Timestamp> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getTimestamp(1));
                    }
                }
                return out;
            }
        });
    }

    private long rowId(String key, String type) {
        return db.read("test: row id", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM outbox WHERE message_key = ? AND ce_type = ?")) {
                ps.setString(1, key);
                ps.setString(2, type);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
