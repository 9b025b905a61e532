package city.citywatch.ingest.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real RTSP server for tests: {@code scripts/rtsp-camera.py} (GStreamer's RTSP server) run as a child process on
 * a free port, serving MP4 files without re-encoding. Every client connection plays its file from the start.
 * {@link #kill()} and {@link #restart()} simulate a camera outage on the same address.
 */
public final class RtspTestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtspTestServer.class);
    private static final long READY_TIMEOUT_SECONDS = 20;
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Map<String, Path> mounts;
    private final List<String> options;
    private final int port;
    private final ArrayDeque<String> output = new ArrayDeque<>();
    private Process process;

    private RtspTestServer(Map<String, Path> mounts, List<String> options, int port) {
        this.mounts = mounts;
        this.options = options;
        this.port = port;
    }

    /** Serves one file at {@code mount} (e.g. {@code "/highway"}). */
    public static RtspTestServer start(String mount, Path file) {
        return start(Map.of(mount, file), List.of());
    }

    /**
     * @param mounts  mount path → MP4 file
     * @param options extra script options, e.g. {@code List.of("--auth", "user:secret")} or {@code List.of("--loop")}
     */
    public static RtspTestServer start(Map<String, Path> mounts, List<String> options) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RtspTestServer server = new RtspTestServer(new LinkedHashMap<>(mounts), List.copyOf(options), freePort());
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                last = e; // most likely the free port was taken in between: try another
                server.close();
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code rtsp://127.0.0.1:<port><mount>} */
    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    public URI uri(String mount) {
        return URI.create(url(mount));
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Hard kill (SIGKILL): connections drop at once, as when a camera loses power. */
    public synchronized void kill() {
        if (process == null) return;
        process.destroyForcibly();
        waitForExit(process);
        process = null;
    }

    /** Starts the server again on the same port (after {@link #kill()}); returns when it accepts connections. */
    public synchronized void restart() {
        kill();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
                sleep(300); // the old socket may linger a moment
            }
        }
        throw last;
    }

    private synchronized void launch() {
        Path script = TestVideos.repoRoot().resolve("scripts").resolve("rtsp-camera.py");
        if (!Files.isRegularFile(script)) throw new IllegalStateException("missing " + script);
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--port", Integer.toString(port)));
        mounts.forEach((mount, file) -> {
            cmd.add("--mount");
            cmd.add(mount + "=" + file.toAbsolutePath());
        });
        cmd.addAll(options);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(p, ready), "rtsp-test-server-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            String line = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!line.equals("READY rtsp://127.0.0.1:" + port)) throw new IllegalStateException("unexpected first line: " + line);
            process = p;
            log.debug("RTSP test server ready on port {} serving {}", port, mounts.keySet());
        } catch (TimeoutException | ExecutionException | InterruptedException | IllegalStateException e) {
            p.destroyForcibly();
            waitForExit(p);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("RTSP test server did not start on port " + port + " (" + e + "); its output:\n"
                    + String.join("\n", recentOutput()));
        }
    }

    private void pump(Process p, CompletableFuture<String> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(line);
                } else {
                    log.debug("rtsp-camera[{}]: {}", port, line);
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > OUTPUT_LINES_KEPT) output.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the stream closes when the process dies; nothing to report beyond the exit
        }
        ready.completeExceptionally(new IllegalStateException("rtsp-camera exited before READY"));
    }

    private List<String> recentOutput() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Stops the server politely (SIGTERM), forcibly if it does not exit within 5 s. */
    @Override
    public synchronized void close() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("rtsp-camera on port {} ignored SIGTERM; killing it", port);
                process.destroyForcibly();
                waitForExit(process);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The interpreter with GStreamer's bindings: env {@code CITYWATCH_PYTHON}, else Debian's {@code /usr/bin/python3}. */
    public static String python() {
        String configured = System.getenv("CITYWATCH_PYTHON");
        // Debian's interpreter has the GStreamer bindings; a python3 earlier on PATH may not
        return configured != null && !configured.isBlank() ? configured : "/usr/bin/python3";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port", e);
        }
    }

    private static void waitForExit(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("rtsp-camera did not die after SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
