package city.citywatch.ingest.testing;

import city.citywatch.core.config.SharedFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the project's shared test material and prepares camera-like videos from it. The shared folder is the
 * system property {@code citywatch.shared}, else the environment variable {@code CITYWATCH_SHARED}, else
 * {@code ../shared} next to the repository root (the folder whose {@code pom.xml} lists {@code <module>core</module>}).
 */
public final class TestVideos {
    /** RoadTrack highway clip: MPEG-4 Part 2, 640x540, 10 fps, 71.4 s; a car parks on the shoulder at ≈ 23 s. */
    public static final String HIGHWAY = "data/roadtrack-highway-parking/video/04-14_09_K295_179.mp4";

    private TestVideos() {
    }

    /** The repository root, found by walking up from the working directory. */
    public static Path repoRoot() {
        return SharedFolder.repoRoot();
    }

    public static Path sharedDir() {
        return SharedFolder.resolve();
    }

    /** The original highway video (MPEG-4 Part 2: not a codec CityWatch reads from cameras). */
    public static Path highwayOriginal() {
        Path file = sharedDir().resolve(HIGHWAY);
        if (!Files.isRegularFile(file)) throw new IllegalStateException("missing test video " + file);
        return file;
    }

    /** The highway video as a camera would send it: H.264, key frame every 1 s (10 frames), no B-frames. */
    public static Path highwayH264(Path cacheDir) {
        return transcode(cacheDir, "highway-h264-gop10.mp4", List.of(
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-bf", "0"));
    }

    /** Same, cached under {@code target/test-videos} of the module whose tests run. */
    public static Path highwayH264() {
        return highwayH264(Path.of("target", "test-videos"));
    }

    /** The first 20 s of the highway video in H.265, key frame every 1 s, no B-frames. */
    public static Path highwayH265(Path cacheDir) {
        return transcode(cacheDir, "highway-h265-gop10-20s.mp4", List.of(
                "-t", "20", "-c:v", "libx265", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-x265-params", "keyint=10:min-keyint=10:scenecut=0:bframes=0:log-level=error", "-tag:v", "hvc1"));
    }

    /**
     * The highway video as a city camera's main stream: 1280x720, 25 fps, H.264, key frame every 2 s (GOP 50), no
     * B-frames. Upscaled from 640x540: decoding cost depends on the coded size, not on the detail in it.
     */
    public static Path highway720p25(Path cacheDir) {
        return transcode(cacheDir, "highway-h264-720p25-gop50.mp4", List.of(
                "-vf", "scale=1280:720,fps=25", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-bf", "0"));
    }

    private static synchronized Path transcode(Path cacheDir, String name, List<String> encoderArgs) {
        Path out = cacheDir.toAbsolutePath().resolve(name);
        try {
            if (Files.isRegularFile(out) && Files.size(out) > 0) return out;
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, name, ".partial.mp4");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-v", "error", "-i", highwayOriginal().toString(), "-an"));
            cmd.addAll(encoderArgs);
            cmd.add(partial.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(partial);
                throw new IllegalStateException("ffmpeg could not make " + name + ": " + output);
            }
            // another test JVM may have made it meanwhile: either copy is fine
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare test video " + out + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing " + out, e);
        }
    }
}
