package city.citywatch.ingest.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The camera simulator as an ONVIF device for tests: {@code scripts/rtsp-camera.py --onvif 0} on free ports,
 * serving each mount as an RTSP stream and as an ONVIF media profile. {@link #deviceService()} is the address
 * an operator would type in.
 */
public final class OnvifCameraSimulator implements AutoCloseable {
    private final Process process;
    private final int rtspPort;
    private final URI deviceService;
    private final StringBuffer log = new StringBuffer();

    private OnvifCameraSimulator(Process process, int rtspPort, URI deviceService) {
        this.process = process;
        this.rtspPort = rtspPort;
        this.deviceService = deviceService;
    }

    /** @param options extra options, e.g. {@code --onvif-user admin --onvif-password secret} */
    public static OnvifCameraSimulator start(Map<String, Path> mounts, List<String> options) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(RtspTestServer.python(),
                TestVideos.repoRoot().resolve("scripts/rtsp-camera.py").toString(), "--port", Integer.toString(port), "--onvif", "0"));
        new LinkedHashMap<>(mounts).forEach((m, f) -> {
            cmd.add("--mount");
            cmd.add(m + "=" + f.toAbsolutePath());
        });
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<URI> onvif = new CompletableFuture<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        StringBuffer log = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ONVIF ")) onvif.complete(URI.create(line.substring(6)));
                    else if (line.startsWith("READY ")) ready.complete(null);
                    else log.append(line).append('\n');
                }
            } catch (IOException e) {
                // the process died; reported below
            }
            ready.completeExceptionally(new IllegalStateException("simulator exited: " + log));
        }, "onvif-simulator-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("ONVIF camera simulator did not start: " + e.getMessage() + "\n" + log, e);
        }
        OnvifCameraSimulator sim = new OnvifCameraSimulator(p, port, onvif.getNow(null));
        sim.log.append(log);
        return sim;
    }

    /** {@code http://127.0.0.1:<port>/onvif/device_service} */
    public URI deviceService() {
        return deviceService;
    }

    public String rtsp(String mount) {
        return "rtsp://127.0.0.1:" + rtspPort + mount;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
