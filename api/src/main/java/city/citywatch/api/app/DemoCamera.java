package city.citywatch.api.app;

import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo camera of the embedded default: the real RoadTrack highway video, transcoded once to camera-like
 * H.264 (real cameras do not send MPEG-4 Part 2), served by a real RTSP server (GStreamer, scripts/rtsp-camera.py)
 * in a child process, and registered with a no-parking zone over the right-hand shoulder.
 */
final class DemoCamera implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCamera.class);
    static final String CAMERA_ID = "demo-highway-k295";

    private final Process server;
    private final URI streamUri;

    private DemoCamera(Process server, URI streamUri) {
        this.server = server;
        this.streamUri = streamUri;
    }

    static DemoCamera start(CityWatchConfig.Demo demo, Path dataDir) throws IOException, InterruptedException {
        Path video;
        try {
            video = demo.video() != null ? demo.video() : DemoScene.video(SharedFolder.resolve());
        } catch (IllegalStateException e) {
            throw new IOException("demo.video is not set and " + e.getMessage());
        }
        if (!Files.isReadable(video)) {
            throw new IOException("demo.video " + video + " cannot be read; set CITYWATCH_SHARED to the shared data folder "
                    + "or demo.video to an H.264/MPEG-4 file");
        }
        Path h264 = transcodeOnce(video, dataDir.resolve("demo"));
        Path script = Path.of("scripts", "rtsp-camera.py").toAbsolutePath();
        if (!Files.isReadable(script)) throw new IOException(script + " not found: start CityWatch from the repository root");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--port", Integer.toString(demo.rtspPort()),
                "--mount", "/highway=" + h264)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) ready.complete(URI.create(line.substring(6).trim() + "/highway"));
                    else LOG.debug("rtsp-camera: {}", line);
                }
            } catch (IOException ignored) {
                // the server went away; its exit is reported by the supervisor of the camera
            }
            String exit;
            try {
                exit = "exited with status " + (p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : "unknown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = "was interrupted";
            }
            ready.completeExceptionally(new IOException("demo RTSP server " + exit
                    + " (are python3-gi and gir1.2-gst-rtsp-server-1.0 installed?)"));
        }, "demo-rtsp-log");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = ready.get(20, TimeUnit.SECONDS);
            LOG.info("demo camera streams {} on {}", h264.getFileName(), uri);
            return new DemoCamera(p, uri);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("demo RTSP server did not start: " + e.getMessage(), e);
        }
    }

    /** ffmpeg CLI once: fixed 1 s GOP at 10 fps and no B-frames, like a city camera's main stream. */
    static Path transcodeOnce(Path source, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path target = dir.resolve("highway-h264.mp4");
        if (Files.exists(target)) return target;
        Path tmp = dir.resolve("highway-h264.tmp.mp4");
        LOG.info("transcoding {} to H.264 for the demo camera (once)", source.getFileName());
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", source.toString(),
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "10", "-keyint_min", "10",
                "-sc_threshold", "0", "-bf", "0", "-an", tmp.toString()).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("ffmpeg could not transcode " + source + " (is the ffmpeg package installed?)");
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    Camera camera() {
        Zone shoulder = new Zone("shoulder-right", CAMERA_ID, "Right hard shoulder", ZoneKind.NO_PARKING, DemoScene.SHOULDER_ZONE,
                Duration.ofSeconds(10), Severity.HIGH, "traffic-police");
        return new Camera(CAMERA_ID, "S2 K295+420 (demo replay)", streamUri,
                new GeoLocation(30.6, 104.1, "S2 Chengdu-Bazhong Expressway K295+420, Sichuan (RoadTrack sample video)"),
                List.of(shoulder));
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
    }
}
