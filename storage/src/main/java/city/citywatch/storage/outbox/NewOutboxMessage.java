package city.citywatch.storage.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvent to add to the outbox, before the database gave it its sequence number
 * (see core's {@code OutboxMessage} for the fields).
 */
public record NewOutboxMessage(UUID ceId, String topic, String key, String type, String source, String subject,
                               Instant time, byte[] data) {
    public NewOutboxMessage {
        Objects.requireNonNull(ceId, "ceId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
