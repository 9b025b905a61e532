package city.citywatch.analytics.bench;

import city.citywatch.core.video.VideoFrame;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Decodes a clip with the ffmpeg command line into BGR {@link VideoFrame}s at a chosen rate, one at a time (a
 * 10 fps clip of 80 s would not fit in memory at once). Frame times are video time from {@link #EPOCH}.
 */
public final class ClipFrames {
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private ClipFrames() {
    }

    /**
     * @param fps frames per second to sample; 0 = every frame at the clip's own rate
     * @return frames delivered
     */
    public static int decode(Path video, double fps, String cameraId, Consumer<VideoFrame> sink)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(video)) throw new IllegalStateException("video missing: " + video);
        int[] size = size(video);
        double rate = fps > 0 ? fps : frameRate(video);
        String filter = "fps=" + rate;
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-vf", filter,
                "-f", "rawvideo", "-pix_fmt", "bgr24", "-").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int n = 0;
        try (DataInputStream in = new DataInputStream(p.getInputStream())) {
            while (true) {
                byte[] bgr = new byte[size[0] * size[1] * 3];
                try {
                    in.readFully(bgr);
                } catch (EOFException e) {
                    break;
                }
                long micros = Math.round(n * 1e6 / rate);
                sink.accept(new VideoFrame(cameraId, EPOCH.plusNanos(micros * 1000), micros, size[0], size[1], bgr));
                n++;
            }
        } finally {
            p.getInputStream().close();
        }
        if (p.waitFor() != 0 || n == 0) {
            throw new IllegalStateException("ffmpeg could not decode " + video + " (is the ffmpeg command installed?)");
        }
        return n;
    }

    private static int[] size(Path video) throws IOException, InterruptedException {
        String[] wh = probe(video, "stream=width,height").split("[x,\\s]+");
        return new int[]{Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())};
    }

    private static double frameRate(Path video) throws IOException, InterruptedException {
        String[] r = probe(video, "stream=r_frame_rate").trim().split("/");
        return r.length == 2 ? Double.parseDouble(r[0]) / Double.parseDouble(r[1]) : Double.parseDouble(r[0]);
    }

    private static String probe(Path video, String entries) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", entries,
                "-of", "csv=p=0:s=x", video.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) throw new IllegalStateException("ffprobe could not read " + video);
        return out.lines().findFirst().orElseThrow();
    }
}
