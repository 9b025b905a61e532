package city.citywatch.api.kafka;

/** The Kafka cluster did not do what was asked (down, timed out, or refused); the cause says which. */
public class KafkaRequestException extends RuntimeException {
    public KafkaRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
