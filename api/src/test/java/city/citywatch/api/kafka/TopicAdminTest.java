package city.citywatch.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.citywatch.core.validation.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void createsTheStandardTopicsWithTheConfiguredPartitionsAndLeavesExistingOnesAlone() {
        EmbeddedKafkaBroker broker = KafkaTestBroker.shared();
        String own = "test.admin." + UUID.randomUUID();
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers(), new TopicSettings(2, (short) 1))) {
            admin.ensureStandardTopics(WAIT);
            admin.ensure(List.of(own), WAIT);
            // Creation is acknowledged by the controller; the broker's metadata follows a moment later.
            await().atMost(WAIT).until(() -> admin.listTopics(WAIT).containsAll(TopicNames.STANDARD)
                    && admin.listTopics(WAIT).contains(own));
            assertThat(admin.partitionCount(own, WAIT)).isEqualTo(2);
        }
        // Another node with other settings finds the topic there and does not change it.
        try (TopicAdmin other = new TopicAdmin(broker.bootstrapServers(), new TopicSettings(5, (short) 1))) {
            other.ensure(List.of(own), WAIT);
            assertThat(other.partitionCount(own, WAIT)).isEqualTo(2);
        }
    }

    @Test
    void aReplicationFactorTheClusterCannotMeetIsReportedWithTheBrokersReason() {
        EmbeddedKafkaBroker broker = KafkaTestBroker.shared();
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers(), new TopicSettings(1, (short) 3))) {
            assertThatThrownBy(() -> admin.ensure(List.of("test.admin.rf3." + UUID.randomUUID()), WAIT))
                    .isInstanceOf(KafkaRequestException.class)
                    .hasMessageContaining("creating topic")
                    .hasMessageContaining("replication factor");
        }
    }

    @Test
    void anUnreachableClusterIsReportedAfterTheTimeoutNotAwaitedForever() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (TopicAdmin admin = new TopicAdmin("127.0.0.1:" + deadPort, TopicSettings.embedded())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> admin.ensureStandardTopics(Duration.ofSeconds(2)))
                    .isInstanceOf(KafkaRequestException.class)
                    .hasMessageContaining("listing topics");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void badNamesAndSettingsAreRefusedNamingTheKey() {
        assertThat(TopicNames.dispatch("water-authority")).isEqualTo("citywatch.dispatch.water-authority");
        assertThatThrownBy(() -> TopicNames.dispatch("water authority"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("department:");
        assertThatThrownBy(() -> TopicNames.requireLegal("topic", "a/b"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'a/b' is not a legal Kafka topic name");
        assertThatThrownBy(() -> new TopicSettings(0, (short) 1))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("kafka.topicPartitions:");
        assertThatThrownBy(() -> new TopicSettings(3, (short) 0))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("kafka.replicationFactor:");
        assertThatThrownBy(() -> new TopicAdmin(" ", TopicSettings.embedded()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("kafka.bootstrapServers:");
    }
}
