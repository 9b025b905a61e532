package city.citywatch.core.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent waiting in the database to be published. Written in the same transaction as the change
 * it announces; deleted or marked sent only after the broker acknowledged it.
 *
 * @param id       outbox sequence number (publication order)
 * @param ceId     CloudEvent id, stable across retries so consumers can de-duplicate
 * @param key      Kafka record key (camera id: per-camera order)
 * @param data     JSON payload (the CloudEvent data)
 * @param attempts how many times publishing was tried
 */
public record OutboxMessage(long id, UUID ceId, String topic, String key, String type, String source,
                            String subject, Instant time, byte[] data, int attempts) {
}
