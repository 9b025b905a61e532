package city.citywatch.training.flood;

import city.citywatch.analytics.detect.ModelFileException;
import city.citywatch.analytics.flood.FloodRule;
import city.citywatch.analytics.flood.FloodSettings;
import city.citywatch.analytics.flood.FloodVerdict;
import city.citywatch.analytics.flood.GaugeReadings;
import city.citywatch.analytics.flood.WaterFeatures;
import city.citywatch.analytics.flood.WaterMask;
import city.citywatch.analytics.flood.WaterModel;
import city.citywatch.core.json.Json;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./citywatch bench flood}: accuracy of the water mask on the 27 street-level test photos (never trained on)
 * against a colour-threshold baseline measured in the same run, and the flood events the whole rule raises on the
 * dry real clips of the shared data folder (whole picture as one flood-watch zone). Last stdout line: one JSON object.
 * <p>Usage: {@code FloodBenchmark <shared-dir> [model-dir]}; a missing model is trained first (train/ only).
 */
public final class FloodBenchmark {
    private static final Logger log = LoggerFactory.getLogger(FloodBenchmark.class);
    /** The dry clips: street and road scenes on dry days. */
    static final List<String> DRY_CLIPS = List.of(
            "roadtrack-highway-parking/video/04-14_09_K295_179.mp4",
            "pets2009-s2l1/video/pets2009_s2l1_view001_480x360.mp4",
            "aboda-video4/video4.avi");
    static final double WATER_FRACTION = 0.3;
    static final Duration DWELL = Duration.ofSeconds(10);

    private FloodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        Path modelDir = args.length > 1 ? Path.of(args[1]) : WaterModel.defaultDir();
        WaterModel model;
        try {
            model = WaterModel.load(modelDir);
        } catch (ModelFileException missing) {
            log.warn("{}; training it now", missing.getMessage());
            FloodTrainer.write(FloodTrainer.train(FloodImages.train(shared), FloodTrainer.Settings.FULL), modelDir,
                    FloodTrainer.Settings.FULL);
            model = WaterModel.load(modelDir);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "flood");
        out.put("model", model.spec().name());
        out.put("model_sha256", model.spec().sha256());

        Scores scores = masks(model, FloodImages.test(shared));
        out.put("test_images", scores.n());
        out.put("mean_iou", r3(scores.iou()));
        out.put("mean_dice", r3(scores.dice()));
        out.put("baseline", "colour threshold: pixels within Lab distance 20 of the median colour of the picture's lower third");
        out.put("baseline_mean_iou", r3(scores.baselineIou()));
        out.put("baseline_mean_dice", r3(scores.baselineDice()));
        out.put("iou_ratio_vs_baseline", r3(scores.iou() / scores.baselineIou()));
        out.put("mask_ms_per_image", r3(scores.msPerImage()));

        int falseFloods = 0, frames = 0, modelOnly = 0;
        Map<String, Object> perClip = new LinkedHashMap<>();
        for (String clip : DRY_CLIPS) {
            DryRun run = dryClip(model, shared.resolve("data").resolve(clip));
            falseFloods += run.events();
            frames += run.frames();
            modelOnly += run.modelOnlyFrames();
            perClip.put(clip, Map.of("frames", run.frames(), "flood_events", run.events(),
                    "frames_model_alone_over_threshold", run.modelOnlyFrames()));
        }
        out.put("false_floods_on_dry_clips", falseFloods);
        out.put("dry_frames", frames);
        out.put("dry_frames_model_alone_over_threshold", modelOnly);
        out.put("dry_clips", perClip);
        out.put("rule", Map.of("waterFraction", WATER_FRACTION, "dwellSeconds", DWELL.toSeconds(), "fps", 1));
        System.out.println(Json.mapper().writeValueAsString(out));
    }

    record Scores(int n, double iou, double dice, double baselineIou, double baselineDice, double msPerImage) {
    }

    static Scores masks(WaterModel model, List<FloodImages.Sample> test) {
        double iou = 0, dice = 0, bIou = 0, bDice = 0;
        long nanos = 0;
        for (FloodImages.Sample s : test) {
            long t0 = System.nanoTime();
            float[] p = model.waterProbability(s.bgr(), s.width(), s.height());
            boolean[] mask = WaterMask.upsample(p, s.width(), s.height(), FloodSettings.defaults().waterThreshold());
            nanos += System.nanoTime() - t0;
            MaskScore m = MaskScore.of(mask, s.water());
            MaskScore b = MaskScore.of(baseline(s), s.water());
            log.info("image {}: IoU {} (baseline {})", s.id(), r3(m.iou()), r3(b.iou()));
            iou += m.iou(); dice += m.dice(); bIou += b.iou(); bDice += b.dice();
        }
        int n = test.size();
        return new Scores(n, iou / n, dice / n, bIou / n, bDice / n, nanos / 1e6 / n);
    }

    /** Colour-only baseline: what a fixed rule "looks like the ground in front of the camera" finds. */
    static boolean[] baseline(FloodImages.Sample s) {
        int w = s.width(), h = s.height();
        float[][] lab = new float[w * h][];
        List<float[]> lower = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                lab[y * w + x] = WaterFeatures.lab(s.bgr()[i + 2] & 0xff, s.bgr()[i + 1] & 0xff, s.bgr()[i] & 0xff);
                if (y >= h * 2 / 3) lower.add(lab[y * w + x]);
            }
        }
        float[] med = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            final int c = ch;
            med[ch] = (float) lower.stream().mapToDouble(v -> v[c]).sorted().skip(lower.size() / 2).findFirst().orElse(0);
        }
        boolean[] mask = new boolean[w * h];
        for (int i = 0; i < mask.length; i++) {
            float dl = lab[i][0] - med[0], da = lab[i][1] - med[1], db = lab[i][2] - med[2];
            mask[i] = dl * dl + da * da + db * db < 400;
        }
        return mask;
    }

    record DryRun(int frames, int events, int modelOnlyFrames) {
    }

    /** Replays a clip at 1 frame/s through the flood rule, the whole picture one flood-watch zone. */
    static DryRun dryClip(WaterModel model, Path clip) throws Exception {
        Zone zone = new Zone("whole-picture", "dry-clip", "whole picture", ZoneKind.FLOOD_WATCH,
                Polygon.of(0, 0, 1, 0, 1, 1, 0, 1), DWELL, null, null,
                new RuleParameters(null, null, null, null, null, null, null, WATER_FRACTION, null));
        FloodRule rule = new FloodRule(model, new GaugeReadings(List.of(), Duration.ofMinutes(10)), FloodSettings.defaults());
        int frames = 0, events = 0, modelOnly = 0;
        Instant start = Instant.parse("2026-07-01T00:00:00Z");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            long nextMicros = 0;
            for (Frame f; (f = g.grabImage()) != null; ) {
                if (f.timestamp < nextMicros) continue;
                nextMicros = f.timestamp + 1_000_000;
                VideoFrame vf = new VideoFrame("dry-clip", start.plusNanos(f.timestamp * 1000), f.timestamp,
                        f.imageWidth, f.imageHeight, bgr(f));
                frames++;
                for (FloodVerdict v : rule.evaluate(vf, List.of(zone))) {
                    if (v.kind() == FloodVerdict.Kind.OPEN) {
                        events++;
                        log.warn("false flood on dry clip {} at {} s: water fraction {}", clip.getFileName(),
                                f.timestamp / 1_000_000, r3(v.fraction()));
                    }
                }
                float[] p = model.waterProbability(vf.bgr(), vf.width(), vf.height());
                int wet = 0;
                for (float x : p) if (x >= FloodSettings.defaults().waterThreshold()) wet++;
                if ((double) wet / p.length >= WATER_FRACTION) modelOnly++;
            }
            g.stop();
        }
        log.info("dry clip {}: {} frames, {} flood events, {} frames over the threshold by the model alone",
                clip.getFileName(), frames, events, modelOnly);
        return new DryRun(frames, events, modelOnly);
    }

    static byte[] bgr(Frame f) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(out, y * w * 3, w * 3);
        }
        return out;
    }

    private static double r3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
