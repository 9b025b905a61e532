package city.citywatch.api.stream;

import city.citywatch.core.validation.ValidationException;
import java.time.Duration;
import java.util.Map;

/**
 * How the {@link OutboxPublisher} talks to Kafka.
 *
 * @param bootstrapServers  Kafka bootstrap servers ({@code host:port,...})
 * @param batchSize         outbox rows read per round
 * @param pollInterval      how often the outbox is looked at when nobody {@linkplain OutboxPublisher#nudge()
 *                          nudges}; also the first back-off step while Kafka is down
 * @param maxBackoff        the longest wait between tries while Kafka is down
 * @param producerOverrides Kafka producer properties that replace the publisher's defaults (security settings,
 *                          timeouts); {@code acks} and idempotence can be changed here too, at the cost of the
 *                          delivery guarantee
 */
public record PublisherSettings(String bootstrapServers, int batchSize, Duration pollInterval, Duration maxBackoff,
                                Map<String, String> producerOverrides) {

    public PublisherSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ValidationException("kafka.bootstrapServers", "must not be empty");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new ValidationException("publisher.batchSize", "must be between 1 and 10000, was " + batchSize);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ValidationException("publisher.pollInterval", "must be positive, was " + pollInterval);
        }
        if (maxBackoff == null || maxBackoff.compareTo(pollInterval) < 0) {
            throw new ValidationException("publisher.maxBackoff",
                    "must be at least the poll interval (" + pollInterval + "), was " + maxBackoff);
        }
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
    }

    /** 200 rows a round, a look every second, back-off up to 30 s, no overrides. */
    public static PublisherSettings defaults(String bootstrapServers) {
        return new PublisherSettings(bootstrapServers, 200, Duration.ofSeconds(1), Duration.ofSeconds(30), Map.of());
    }

    public PublisherSettings withProducerOverrides(Map<String, String> overrides) {
        return new PublisherSettings(bootstrapServers, batchSize, pollInterval, maxBackoff, overrides);
    }

    public PublisherSettings withTiming(Duration newPollInterval, Duration newMaxBackoff) {
        return new PublisherSettings(bootstrapServers, batchSize, newPollInterval, newMaxBackoff, producerOverrides);
    }
}
