package city.citywatch.analytics.bench;

import city.citywatch.core.config.SharedFolder;
import city.citywatch.analytics.detect.BatchSettings;
import city.citywatch.analytics.detect.BatchingDetector;
import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.detect.FocusSettings;
import city.citywatch.analytics.detect.FocusTiles;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Detector latency per frame on the demo clip (640x540), PicoDet-S vs YOLOX-Nano, full frame alone and full frame
 * plus the demo zone's focus tiles, on one thread (the way a camera's analysis runs). Frames are decoded once,
 * up front, with the ffmpeg command line (1 frame/s). Then detector calls batched: batch 1 vs 4 vs 8 (see
 * {@link #batched}). Usage: {@code DetectorBenchmark [sharedDir]}; last line JSON.
 */
public final class DetectorBenchmark {
    private static final int WIDTH = 640, HEIGHT = 540, WARMUP = 5;

    private DetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = SharedFolder.resolve(args);
        List<VideoFrame> frames = decode(DemoScene.video(shared));
        Zone zone = new Zone("demo", "bench", "shoulder", ZoneKind.NO_PARKING, DemoScene.SHOULDER_ZONE, Duration.ofSeconds(10), null, null);
        List<BoundingBox> tiles = FocusTiles.plan(List.of(zone), WIDTH, HEIGHT, FocusSettings.defaults());
        System.out.printf(Locale.ROOT, "%d frames %dx%d, 1 thread; zone focus: %d tile(s) %s%n", frames.size(), WIDTH, HEIGHT,
                tiles.size(), tiles);
        Map<String, Object> json = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%-22s %-16s %10s %10s %10s%n", "model", "pass", "median ms", "p90 ms", "mean dets");
        for (String model : List.of(DetectorSettings.PICODET, DetectorSettings.YOLOX)) {
            try (Detector d = DetectorFactory.create(DetectorSettings.of(model, shared.resolve("models")))) {
                for (boolean focus : new boolean[]{false, true}) {
                    List<BoundingBox> f = focus ? tiles : List.of();
                    for (int i = 0; i < WARMUP; i++) d.detect(new DetectionRequest(frames.get(i % frames.size()), f));
                    double[] ms = new double[frames.size()];
                    long dets = 0;
                    for (int i = 0; i < frames.size(); i++) {
                        long t0 = System.nanoTime();
                        dets += d.detect(new DetectionRequest(frames.get(i), f)).size();
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    Arrays.sort(ms);
                    double median = ms[ms.length / 2], p90 = ms[(int) Math.min(ms.length - 1, Math.round(ms.length * 0.9))];
                    String pass = focus ? "full+zone tiles" : "full frame";
                    System.out.printf(Locale.ROOT, "%-22s %-16s %10.1f %10.1f %10.1f%n", model, pass, median, p90, (double) dets / frames.size());
                    String key = (model.startsWith("picodet") ? "picodet" : "yolox") + (focus ? "_zone" : "_full");
                    json.put(key + "_median_ms", Math.round(median * 10) / 10.0);
                    json.put(key + "_p90_ms", Math.round(p90 * 10) / 10.0);
                }
            }
        }
        json.put("batched", batched(shared, frames));
        json.put("frames", frames.size());
        json.put("zone_tiles", tiles.size());
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    /**
     * Batch 1 vs 4 vs 8 with the default model, full frames: (a) one thread calling {@code detectBatch} with that many
     * frames, (b) eight camera threads through the {@link BatchingDetector} (one worker) with that maximum batch.
     * Batch sizes are interleaved over {@link #ROUNDS} rounds and the median per size is kept, so that a change of the
     * machine's load during the run does not favour one size. Milliseconds per frame, ratio to batch 1.
     */
    private static List<Map<String, Object>> batched(Path shared, List<VideoFrame> frames) throws Exception {
        int[] sizes = {1, 4, 8};
        double[][] direct = new double[sizes.length][ROUNDS], stage = new double[sizes.length][ROUNDS];
        List<VideoFrame> sample = frames.subList(0, Math.min(frames.size(), 32));
        try (Detector d = DetectorFactory.create(DetectorSettings.of(DetectorSettings.PICODET, shared.resolve("models")))) {
            for (int i = 0; i < WARMUP; i++) d.detect(frames.get(i));
            for (int round = 0; round < ROUNDS; round++) {
                for (int s = 0; s < sizes.length; s++) {
                    direct[s][round] = directMsPerFrame(d, sample, sizes[s]);
                    stage[s][round] = stageMsPerFrame(shared, sample, sizes[s]);
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%nbatched (%s, full frame, 1 inference thread, median of %d interleaved rounds)%n",
                DetectorSettings.PICODET, ROUNDS);
        System.out.printf(Locale.ROOT, "%-6s %18s %10s %26s %10s%n", "batch", "detectBatch ms/fr", "ratio",
                "8 cameras via stage ms/fr", "ratio");
        double base = median(direct[0]), baseStage = median(stage[0]);
        for (int s = 0; s < sizes.length; s++) {
            double dm = median(direct[s]), sm = median(stage[s]);
            System.out.printf(Locale.ROOT, "%-6d %18.1f %10.2f %26.1f %10.2f%n", sizes[s], dm, dm / base, sm, sm / baseStage);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batch", sizes[s]);
            row.put("ms_per_frame", Math.round(dm * 10) / 10.0);
            row.put("ratio_vs_batch1", Math.round(dm / base * 100) / 100.0);
            row.put("stage_8_cameras_ms_per_frame", Math.round(sm * 10) / 10.0);
            row.put("stage_ratio_vs_batch1", Math.round(sm / baseStage * 100) / 100.0);
            rows.add(row);
        }
        return rows;
    }

    private static final int ROUNDS = 5;

    private static double directMsPerFrame(Detector d, List<VideoFrame> frames, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < frames.size(); i += batch) {
            List<DetectionRequest> chunk = new ArrayList<>();
            for (int k = i; k < Math.min(frames.size(), i + batch); k++) chunk.add(DetectionRequest.fullFrame(frames.get(k)));
            d.detectBatch(chunk);
        }
        return (System.nanoTime() - t0) / 1e6 / frames.size();
    }

    private static double stageMsPerFrame(Path shared, List<VideoFrame> frames, int batch) throws Exception {
        Detector real = DetectorFactory.create(DetectorSettings.of(DetectorSettings.PICODET, shared.resolve("models")));
        try (BatchingDetector d = new BatchingDetector(real, new BatchSettings(batch, Duration.ofMillis(5), 1))) {
            d.detect(frames.getFirst());
            int cameras = 8;
            ExecutorService pool = Executors.newFixedThreadPool(cameras);
            try {
                long t0 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < cameras; c++) {
                    int cam = c;
                    done.add(pool.submit(() -> {
                        for (int i = cam; i < frames.size(); i += cameras) d.detect(frames.get(i));
                    }));
                }
                for (Future<?> f : done) f.get();
                return (System.nanoTime() - t0) / 1e6 / frames.size();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static List<VideoFrame> decode(Path video) throws IOException, InterruptedException {
        if (!Files.isRegularFile(video)) throw new IllegalStateException("demo video missing: " + video);
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-vf", "fps=1",
                "-f", "rawvideo", "-pix_fmt", "bgr24", "-").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<VideoFrame> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(p.getInputStream())) {
            while (true) {
                byte[] bgr = new byte[WIDTH * HEIGHT * 3];
                try {
                    in.readFully(bgr);
                } catch (EOFException e) {
                    break;
                }
                frames.add(new VideoFrame("bench", Instant.EPOCH.plusSeconds(frames.size()), frames.size() * 1_000_000L, WIDTH, HEIGHT, bgr));
            }
        }
        if (p.waitFor() != 0 || frames.isEmpty()) throw new IllegalStateException("ffmpeg could not decode " + video
                + " (is the ffmpeg command installed?)");
        return frames;
    }
}
