package city.citywatch.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.citywatch.api.kafka.EmbeddedKafkaBroker;
import city.citywatch.api.kafka.KafkaTestConsumer;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicSettings;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventTypes;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka goes down while an event opens: the event waits in the outbox and is published once, after Kafka is back. */
class OutboxPublisherOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, WAIT);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anEventOpenedWhileKafkaIsDownIsPublishedExactlyOnceAfterItReturns() {
        // Short client timeouts so that the outage is noticed in seconds, as it would be in minutes by default.
        PublisherSettings settings = new PublisherSettings(broker.bootstrapServers(), 50, Duration.ofMillis(200),
                Duration.ofSeconds(1), Map.of(
                        "request.timeout.ms", "1000",
                        "delivery.timeout.ms", "2000",
                        "max.block.ms", "2000"));
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("db")));
             TopicAdmin topics = new TopicAdmin(broker.bootstrapServers(), TopicSettings.embedded());
             OutboxPublisher publisher = new OutboxPublisher(new JdbcOutboxStore(db), topics, settings);
             KafkaTestConsumer consumer = KafkaTestConsumer.subscribe(broker.bootstrapServers(),
                     EventTypes.ALL_EVENTS_TOPIC)) {
            EventRepository events = new EventRepository(db);
            JdbcOutboxStore outbox = new JdbcOutboxStore(db);
            topics.ensureStandardTopics(WAIT);
            publisher.start();
            // Kafka works: a first event goes through, so the producer knows the topic before the outage.
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            events.record(TestEvents.opened(TestEvents.parking("cam-before", "kerb-1", "roads", t0)));
            publisher.nudge();
            await().atMost(WAIT).until(() -> outbox.pendingCount() == 0);

            broker.stop();
            EventChange during = events.record(TestEvents.opened(
                    TestEvents.parking("cam-outage", "kerb-2", "roads", t0.plusSeconds(1))));
            publisher.nudge();
            await().atMost(WAIT).until(() -> !publisher.kafkaAvailable());
            long failuresAtDown = publisher.failureCount();
            assertThat(failuresAtDown).isPositive();
            // Still trying, still nothing lost: both rows (all events + dispatch) wait.
            await().atMost(WAIT).until(() -> publisher.failureCount() > failuresAtDown);
            assertThat(outbox.pendingCount()).isEqualTo(2);
            assertThat(outbox.lastError(rowId(db, "cam-outage", EventTypes.ALL_EVENTS_TOPIC))).isPresent();

            broker.restart();

            await().atMost(WAIT).until(() -> outbox.pendingCount() == 0);
            assertThat(publisher.kafkaAvailable()).isTrue();
            String ceId = ceIdOf(db, "cam-outage");
            consumer.awaitRecords(2, WAIT);
            consumer.drain(Duration.ofSeconds(2));
            assertThat(consumer.countWithId(ceId)).as("records of the event opened during the outage").isEqualTo(1);
            assertThat(consumer.drain(Duration.ZERO)).hasSize(2);
            assertThat(during.event().camera().id()).isEqualTo("cam-outage");
        }
    }

    private static long rowId(Database db, String key, String topic) {
        return db.read("test: row id", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE message_key = ? AND topic = ?")) {
                ps.setString(1, key);
                ps.setString(2, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String ceIdOf(Database db, String key) {
        return db.read("test: ce id", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ce_id FROM outbox WHERE message_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
