package city.citywatch.api.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real embedded broker shared by the test classes of a test JVM that only publish and consume (a broker
 * start costs seconds). Tests that stop or restart a broker start their own instead.
 */
public final class KafkaTestBroker {
    private static EmbeddedKafkaBroker shared;

    private KafkaTestBroker() {
    }

    /** The shared broker, started on first use; it stops when the test JVM exits (the broker's own hook). */
    public static synchronized EmbeddedKafkaBroker shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("citywatch-kafka-test");
                shared = EmbeddedKafkaBroker.start(dir, 0, Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }
}
