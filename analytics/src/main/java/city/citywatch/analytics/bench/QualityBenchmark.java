package city.citywatch.analytics.bench;

import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.quality.QualityDiagnosis;
import city.citywatch.analytics.quality.QualitySettings;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.video.VideoFrame;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of one video-quality check per camera, on the real clips scaled to a camera's 1280x720 main stream (the
 * diagnosis scales to 320 wide itself), against one full-frame detector call (PicoDet-S) on the same frames in the
 * same run: the check must be cheap next to what the camera's analysis already pays. Every frame is checked here
 * (the platform checks every 5 s). Usage: {@code QualityBenchmark [sharedDir]}; last line JSON.
 */
public final class QualityBenchmark {
    private static final int WIDTH = 1280, HEIGHT = 720, WARMUP = 5;
    private static final List<String> CLIPS = List.of(
            "data/roadtrack-highway-parking/video/04-14_09_K295_179.mp4",
            "data/pets2009-s2l1/video/pets2009_s2l1_view001_480x360.mp4",
            "data/aboda-video4/video4.avi");

    private QualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = SharedFolder.resolve(args);
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-60s %7s %14s %14s %16s %8s%n", "clip (scaled to 1280x720)", "frames",
                "check med ms", "check p90 ms", "detector med ms", "ratio");
        try (Detector detector = DetectorFactory.create(DetectorSettings.of(DetectorSettings.PICODET, shared.resolve("models")))) {
            for (String clip : CLIPS) {
                List<VideoFrame> frames = decode(shared.resolve(clip));
                QualityDiagnosis d = new QualityDiagnosis(QualitySettings.defaults().withCheckInterval(Duration.ofSeconds(1)));
                for (int i = 0; i < WARMUP; i++) new QualityDiagnosis(QualitySettings.defaults()).offer(frames.get(i));
                double[] check = new double[frames.size()];
                int findings = 0;
                for (int i = 0; i < frames.size(); i++) {
                    long t0 = System.nanoTime();
                    findings += d.offer(frames.get(i)).size();
                    check[i] = (System.nanoTime() - t0) / 1e6;
                }
                for (int i = 0; i < WARMUP; i++) detector.detect(frames.get(i));
                double[] detect = new double[Math.min(frames.size(), 20)];
                for (int i = 0; i < detect.length; i++) {
                    long t0 = System.nanoTime();
                    detector.detect(frames.get(i));
                    detect[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(check);
                Arrays.sort(detect);
                double med = check[check.length / 2], p90 = check[(int) Math.min(check.length - 1, Math.round(check.length * 0.9))];
                double detMed = detect[detect.length / 2];
                System.out.printf(Locale.ROOT, "%-60s %7d %14.2f %14.2f %16.1f %8.1f%n", clip, frames.size(), med, p90, detMed,
                        detMed / med);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("clip", clip);
                row.put("frames", frames.size());
                row.put("check_median_ms", Math.round(med * 100) / 100.0);
                row.put("check_p90_ms", Math.round(p90 * 100) / 100.0);
                row.put("detector_median_ms", Math.round(detMed * 10) / 10.0);
                row.put("detector_over_check", Math.round(detMed / med * 10) / 10.0);
                row.put("findings", findings);
                rows.add(row);
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(Map.of("rows", rows)));
    }

    private static List<VideoFrame> decode(Path video) throws Exception {
        if (!Files.isRegularFile(video)) throw new IllegalStateException("clip missing: " + video);
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-vf",
                "fps=1,scale=" + WIDTH + ":" + HEIGHT, "-f", "rawvideo", "-pix_fmt", "bgr24", "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<VideoFrame> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(p.getInputStream())) {
            while (true) {
                byte[] bgr = new byte[WIDTH * HEIGHT * 3];
                try {
                    in.readFully(bgr);
                } catch (EOFException e) {
                    break;
                }
                frames.add(new VideoFrame("bench", Instant.EPOCH.plusSeconds(frames.size()), frames.size() * 1_000_000L,
                        WIDTH, HEIGHT, bgr));
            }
        }
        if (p.waitFor() != 0 || frames.isEmpty()) throw new IllegalStateException("ffmpeg could not decode " + video);
        return frames;
    }
}
