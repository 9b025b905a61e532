package city.citywatch.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.citywatch.core.validation.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class PublisherSettingsTest {

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> PublisherSettings.defaults(""))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("kafka.bootstrapServers:");
        assertThatThrownBy(() -> new PublisherSettings("k:9092", 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("publisher.batchSize:");
        assertThatThrownBy(() -> new PublisherSettings("k:9092", 10, Duration.ZERO, Duration.ofSeconds(5), Map.of()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("publisher.pollInterval:");
        assertThatThrownBy(() -> new PublisherSettings("k:9092", 10, Duration.ofSeconds(2), Duration.ofSeconds(1), Map.of()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("publisher.maxBackoff:");
    }

    @Test
    void theProducerIsDurableAndIdempotentUnlessOverridden() {
        Map<String, Object> defaults = OutboxPublisher.producerConfig(PublisherSettings.defaults("k:9092"));
        assertThat(defaults).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "k:9092");
        Map<String, Object> tuned = OutboxPublisher.producerConfig(PublisherSettings.defaults("k:9092")
                .withProducerOverrides(Map.of("security.protocol", "SSL", "delivery.timeout.ms", "60000")));
        assertThat(tuned).containsEntry("security.protocol", "SSL").containsEntry("delivery.timeout.ms", "60000");
    }
}
