package city.citywatch.api.kafka;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka (KRaft, broker and controller in one process) running as a child JVM: the
 * embedded default when no external cluster is configured, and the broker of the tests.
 *
 * <p>A child JVM rather than in-process because the broker brings its own threads, heap appetite and
 * logging, and because stopping and restarting it must be as real as a broker going down (outage tests).
 * The child runs on this JVM's java and class path with {@code -Xmx256m}; it logs to
 * {@code <dataDir>/logs/broker.log} (its own logback configuration, so our console stays quiet) and its
 * stdout/stderr go to {@code <dataDir>/logs/broker.out}.
 *
 * <p>The data directory survives restarts of the platform: it is formatted once (cluster id kept in
 * {@code <dataDir>/cluster.id}) and reused afterwards. The instance owns the child process: {@link #close()}
 * stops it, a JVM shutdown hook stops it if close was forgotten, and the child exits by itself when this JVM
 * dies without running hooks (it watches its stdin pipe, see {@link EmbeddedBrokerMain}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Path dataDir;
    private final Path configFile;
    private final Path outFile;
    private final String clusterId;
    private final int brokerPort;
    private final Duration startTimeout;
    private final Thread shutdownHook;
    private final FileChannel lockChannel;
    /** Written under this object's lock; volatile so the shutdown hook can read it without waiting for that lock. */
    private volatile Process process;
    private boolean closed;
    private final CountDownLatch closedSignal = new CountDownLatch(1);

    private EmbeddedKafkaBroker(Path dataDir, FileChannel lockChannel, int brokerPort, int controllerPort,
                                String clusterId, Duration startTimeout) throws IOException {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.brokerPort = brokerPort;
        this.clusterId = clusterId;
        this.startTimeout = startTimeout;
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        this.configFile = dataDir.resolve("server.properties");
        this.outFile = logs.resolve("broker.out");
        writeConfig(new KraftServerProperties(dataDir.resolve("kraft"), brokerPort, controllerPort));
        writeLogbackConfig(logs);
        this.shutdownHook = new Thread(this::destroyOnExit, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a broker on {@code dataDir} (created if missing; formatted on first use, reused afterwards) and
     * waits until it answers an AdminClient.
     *
     * @param port the client port on 127.0.0.1; 0 picks a free one
     * @throws IllegalStateException if the broker does not answer within {@code startTimeout}; the message
     *                               carries the end of the broker's log
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Duration startTimeout) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("kafka port must be 0..65535 (0 = pick a free port), was " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
        FileChannel lock = null;
        try {
            Files.createDirectories(dataDir);
            lock = lockDataDir(dataDir);
            String clusterId = clusterId(dataDir);
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, lock, brokerPort, controllerPort, clusterId,
                    startTimeout);
            try {
                broker.launch();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            closeQuietly(lock);
            throw new UncheckedIOException("cannot prepare the embedded Kafka data directory " + dataDir, e);
        }
    }

    /**
     * Two brokers on one directory would corrupt it; Kafka's own lock only trips after our configuration files
     * were rewritten, so take ours first.
     */
    private static FileChannel lockDataDir(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve("embedded-broker.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the embedded Kafka data directory " + dataDir.toAbsolutePath()
                    + " is in use by another embedded Kafka broker; give each CityWatch node its own dataDir");
        }
        return channel;
    }

    /** {@code 127.0.0.1:<port>}, for producers, consumers and admin clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int port() {
        return brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The child's process id while it runs. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the embedded Kafka broker is not running");
        }
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully (SIGTERM), killing it if it has not exited after 20 s. Data is kept. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        terminate(p);
    }

    /** Stops and starts again on the same port and the same data: what a broker outage looks like. */
    public synchronized void restart() {
        ensureOpen();
        stop();
        launch();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        closeQuietly(lockChannel);
        closedSignal.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or about to, which is what we want anyway.
        }
    }

    private synchronized void launch() {
        ensureOpen();
        if (process != null) {
            throw new IllegalStateException("the embedded Kafka broker is already running (pid " + process.pid() + ")");
        }
        long t0 = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()));
            // stdin stays a pipe held by this JVM: the child exits when it closes (see EmbeddedBrokerMain).
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker JVM", e);
        }
        awaitReady(process);
        LOG.info("embedded Kafka broker ready at {} in {} ms (pid {}, data {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), process.pid(), dataDir);
    }

    private List<String> command() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The class path can be longer than one command-line argument may be (128 KiB on Linux): pass it in
        // an argument file.
        Path argFile = dataDir.resolve("broker-jvm.args");
        Files.writeString(argFile, "-cp\n" + quote(System.getProperty("java.class.path")) + "\n",
                StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("@" + argFile.toAbsolutePath());
        // Small and frugal: the broker shares the node with video decoding and inference. Serial GC and the
        // C1 compiler only (no C2 threads competing for the cores) took RSS from ~390 MB to ~175 MB here.
        cmd.add("-Xms32m");
        cmd.add("-Xmx256m");
        cmd.add("-Xss512k");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dlogback.configurationFile=" + dataDir.resolve("logs").resolve("broker-logback.xml").toAbsolutePath());
        cmd.add(EmbeddedBrokerMain.class.getName());
        cmd.add(configFile.toAbsolutePath().toString());
        cmd.add(clusterId);
        return cmd;
    }

    private static String quote(String classPath) {
        // Java argument files treat backslashes and whitespace specially; quote the value and escape both.
        return '"' + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Waits for the port to accept connections, then for an AdminClient to get an answer from the cluster. The
     * cheap TCP probe comes first because a Kafka client logs a warning for every refused connection.
     */
    private void awaitReady(Process p) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!acceptsConnections()) {
            checkStillStarting(p, deadline);
            sleep(POLL_INTERVAL);
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
                            .get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // Listening but not serving yet (the controller is still electing itself).
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abandon(p);
                    throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
                }
                checkStillStarting(p, deadline);
                sleep(POLL_INTERVAL);
            }
        }
    }

    private boolean acceptsConnections() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void checkStillStarting(Process p, long deadlineNanos) {
        if (!p.isAlive()) {
            process = null;
            throw new IllegalStateException("the embedded Kafka broker exited with code " + p.exitValue()
                    + " before it was ready; end of its logs in " + dataDir.resolve("logs") + ":\n" + logTail());
        }
        if (System.nanoTime() > deadlineNanos) {
            abandon(p);
            throw new IllegalStateException("the embedded Kafka broker did not answer at " + bootstrapServers()
                    + " within " + startTimeout + "; end of its logs in " + dataDir.resolve("logs") + ":\n"
                    + logTail());
        }
    }

    private void abandon(Process p) {
        terminate(p);
        process = null;
    }

    private void terminate(Process p) {
        long t0 = System.nanoTime();
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("embedded Kafka broker (pid {}) did not stop within {}; killing it", p.pid(), STOP_GRACE);
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        closeQuietly(p.getOutputStream());
        LOG.info("embedded Kafka broker (pid {}) stopped in {} ms", p.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * The JVM is exiting without {@link #close()}. No locking: a start in progress holds the lock while it
     * polls, and exit must not wait for it.
     */
    private void destroyOnExit() {
        // JVM shutdown hooks run concurrently: give the application's own orderly close (publisher and clients
        // first, then this broker) a head start before pulling the broker from under them.
        try {
            closedSignal.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = new ArrayList<>();
            for (Path f : List.of(outFile, dataDir.resolve("logs").resolve("broker.log"))) {
                if (Files.exists(f)) {
                    List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                    lines.addAll(all.subList(Math.max(0, all.size() - 30), all.size()));
                }
            }
            return String.join("\n", lines);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void writeConfig(KraftServerProperties props) throws IOException {
        Properties p = props.toProperties();
        try (OutputStream out = Files.newOutputStream(configFile)) {
            p.store(out, "written by CityWatch EmbeddedKafkaBroker; rewritten at every start");
        }
    }

    private static void writeLogbackConfig(Path logs) throws IOException {
        String logFile = logs.resolve("broker.log").toAbsolutePath().toString().replace(File.separatorChar, '/');
        String xml = """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                    <file>%1$s</file>
                    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                      <fileNamePattern>%1$s.%%i</fileNamePattern>
                      <minIndex>1</minIndex>
                      <maxIndex>3</maxIndex>
                    </rollingPolicy>
                    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                      <maxFileSize>20MB</maxFileSize>
                    </triggeringPolicy>
                    <encoder><pattern>%%d{ISO8601} %%-5level [%%thread] %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="INFO"/>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(logFile);
        Files.writeString(logs.resolve("broker-logback.xml"), xml, StandardCharsets.UTF_8);
    }

    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker was closed");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // Closing a pipe to a dead child or a lock file: nothing left to do about it.
        }
    }
}
