package city.citywatch.api.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real embedded broker shared by the test classes of a test JVM that only publish and consume (a broker
 * start costs seconds). Tests that stop or restart a broker start their own instead.
 */
public final class KafkaTestBroker {
    private static EmbeddedKafkaBroker shared;

    private KafkaTestBroker() {
    }

    /** The shared broker, started on first use; stopped and its directory deleted when the test JVM exits. */
    public static synchronized EmbeddedKafkaBroker shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("citywatch-kafka-test");
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, Duration.ofSeconds(90));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    broker.close();
                    deleteTree(dir);
                }, "kafka-test-broker-cleanup"));
                shared = broker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp directory left behind is harmless; the JVM is exiting.
        }
    }
}
