package city.citywatch.api.kafka;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A parent JVM for {@link EmbeddedKafkaBrokerTest}: starts a broker, prints the child's pid, then waits to be
 * killed. The test kills it with SIGKILL (no shutdown hook runs) to prove the child does not outlive it.
 */
public final class OrphanParentMain {
    private OrphanParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), 0, Duration.ofSeconds(60));
        System.out.println("CHILD " + broker.pid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }
}
