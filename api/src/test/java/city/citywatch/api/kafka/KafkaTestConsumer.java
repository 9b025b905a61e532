package city.citywatch.api.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads CloudEvents from Kafka the way an outside consumer would: its own consumer group, from the earliest
 * offset, the CloudEvents Kafka binding's deserializer. For tests (reused by the end-to-end tests).
 */
public final class KafkaTestConsumer implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final List<ConsumerRecord<String, CloudEvent>> received = new ArrayList<>();

    private KafkaTestConsumer(String bootstrapServers, List<String> topics) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer());
        consumer.subscribe(topics);
    }

    /** Subscribes to {@code topics} from their beginning. */
    public static KafkaTestConsumer subscribe(String bootstrapServers, String... topics) {
        return new KafkaTestConsumer(bootstrapServers, List.of(topics));
    }

    /** Reads {@code topic} from its beginning until {@code count} records came or {@code timeout} passed. */
    public static List<ConsumerRecord<String, CloudEvent>> read(String bootstrapServers, String topic, int count,
                                                                Duration timeout) {
        try (KafkaTestConsumer c = subscribe(bootstrapServers, topic)) {
            return c.awaitRecords(count, timeout);
        }
    }

    /**
     * Polls until at least {@code count} records were received in total (since subscribing) or {@code timeout}
     * passed; returns everything received so far, which may be fewer than asked (the caller asserts).
     */
    public List<ConsumerRecord<String, CloudEvent>> awaitRecords(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            pollOnce(Duration.ofMillis(200));
        }
        return List.copyOf(received);
    }

    /** Keeps polling for {@code quiet} and returns everything received since subscribing: to prove no extra records. */
    public List<ConsumerRecord<String, CloudEvent>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce(Duration.ofMillis(200));
        }
        return List.copyOf(received);
    }

    /** Records received so far with this CloudEvent id. */
    public long countWithId(String ceId) {
        return received.stream().filter(r -> r.value().getId().equals(ceId)).count();
    }

    private void pollOnce(Duration d) {
        consumer.poll(d).forEach(received::add);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
