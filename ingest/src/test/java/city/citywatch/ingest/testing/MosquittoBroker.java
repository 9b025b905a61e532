package city.citywatch.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests ({@code /usr/sbin/mosquitto}, Debian package {@code mosquitto}) on a free
 * loopback port, anonymous, with persistence in a temporary folder. It can be killed and started again on the same
 * port, as a broker restart in the field. Messages are published with {@code mosquitto_pub}, an independent client.
 */
public final class MosquittoBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static MosquittoBroker start() throws IOException {
        Path dir = Files.createTempDirectory("citywatch-mosquitto");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MosquittoBroker broker = new MosquittoBroker(dir, port);
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error", "log_type warning", "log_type notice", "log_type information", ""),
                StandardCharsets.UTF_8);
        broker.startProcess();
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Kills the broker at once (SIGKILL: no goodbye to its clients, as a crash or power cut). */
    public void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    /** Starts the broker again (after {@link #kill()}, or stops it cleanly first) on the same port and folder. */
    public void restart() throws IOException {
        if (process != null) {
            process.destroy(); // SIGTERM: Mosquitto writes its persistence file (sessions, unacknowledged messages)
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill0();
        }
        startProcess();
    }

    private void kill0() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) break;
                sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on port " + port + " within 20 s; its log: " + log());
    }

    /** Publishes one message with {@code mosquitto_pub} (QoS 1) and waits for it to be handed to the broker. */
    public void publish(String topic, String payload) {
        try {
            Process p = new ProcessBuilder(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-q", "1", "-t", topic, "-m", payload)).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_pub failed: " + new String(p.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            return Files.exists(f) ? Files.readString(f) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill0();
    }
}
