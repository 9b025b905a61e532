package city.citywatch.api.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the embedded broker's child JVM (started by {@link EmbeddedKafkaBroker}). Formats the KRaft
 * log directory on first use, then runs {@code kafka.Kafka}. Doing both in one JVM saves a JVM start (≈ 1 s)
 * per platform start.
 *
 * <p>The parent holds this process's stdin open; when the parent dies for any reason (even SIGKILL, when no
 * shutdown hook runs) the pipe closes, the watcher sees end-of-file and exits, which runs Kafka's own
 * graceful shutdown hook. A broker outliving its platform would keep the port and the data directory locked.
 */
public final class EmbeddedBrokerMain {

    private EmbeddedBrokerMain() {
    }

    /** Arguments: server.properties path, cluster id. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedBrokerMain <server.properties> <cluster-id>");
            System.exit(2);
        }
        watchParent();
        Path config = Path.of(args[0]);
        String clusterId = args[1];
        if (!isFormatted(config)) {
            format(config, clusterId);
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static boolean isFormatted(Path config) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            p.load(in);
        }
        return Files.exists(Path.of(p.getProperty("log.dirs")).resolve("meta.properties"));
    }

    private static void format(Path config, String clusterId) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()}, out);
        }
        System.out.println(captured.toString(StandardCharsets.UTF_8));
        if (rc != 0) {
            System.err.println("formatting the KRaft log directory failed with exit code " + rc);
            System.exit(rc);
        }
    }

    private static void watchParent() {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) {
                    // The parent never writes; anything read is ignored.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end-of-file: the parent is gone.
            }
            System.err.println("parent process gone (stdin closed): shutting the embedded broker down");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
