package city.citywatch.ingest.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Main and sub-stream files for a simulated ONVIF camera: the highway video at 640×540 and at 320×270. */
public final class OnvifVideos {
    private OnvifVideos() {
    }

    public static Path main(Path cacheDir) {
        return TestVideos.highwayH264(cacheDir);
    }

    /** The first 20 s of the highway video at half size, as a camera's sub-stream: H.264, GOP 10, no B-frames. */
    public static synchronized Path sub(Path cacheDir) {
        Path out = cacheDir.toAbsolutePath().resolve("highway-h264-320x270-20s.mp4");
        try {
            if (Files.isRegularFile(out) && Files.size(out) > 0) return out;
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, "sub", ".partial.mp4");
            List<String> cmd = List.of("ffmpeg", "-y", "-v", "error", "-i", TestVideos.highwayOriginal().toString(), "-an",
                    "-t", "20", "-vf", "scale=320:270", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-bf", "0", partial.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(partial);
                throw new IllegalStateException("ffmpeg could not make the sub-stream video: " + output);
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare " + out + ": " + e.getMessage(), e);
        }
    }
}
