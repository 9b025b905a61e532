package city.citywatch.analytics.bench;

import city.citywatch.analytics.crowd.CrowdRule;
import city.citywatch.analytics.crowd.CrowdSettings;
import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.detect.FocusSettings;
import city.citywatch.analytics.detect.FocusTiles;
import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.track.ByteTracker;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.analytics.track.TrackerSettings;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * Crowd counting and crowd events on PETS2009 S2L1 (480x360, 10 fps, 795 frames, 2-8 persons).
 * <p>
 * Count: every frame goes through the detector and tracker; the count is the crowd rule's count for one crowd zone
 * covering the picture, compared with the complete ground truth: {@code mae}, {@code rmse}, {@code within1}. The same
 * run measures two baselines: confirmed visible person tracks only ({@code confirmed_tracks_*}), and persons counted
 * at the tracker's start score instead of the rule's person score ({@code tracker_start_score_*}). A zone covering
 * the picture gets no focus tiles (the full-frame pass is that view), as in the pipeline.
 * <p>
 * Events: the crowd rule (threshold 7 persons sustained 2 s, release below 6 for 2 s) at its live rate (2 fps) on the
 * video, against the same rule fed the ground-truth boxes at 10 fps: start and end offsets, {@code max_offset_s}.
 * Usage: {@code CrowdBenchmark [sharedDir]}; logs to stderr, last stdout line JSON.
 */
public final class CrowdBenchmark {
    private static final int THRESHOLD = 7;
    private static final Duration SUSTAIN = Duration.ofSeconds(2);

    private CrowdBenchmark() {
    }

    /** An event's interval in seconds of video time; end = clip end when still open. */
    public record Interval(double start, double end) {
    }

    public static Zone zone() {
        return new Zone("pets-square", "pets", "campus square", ZoneKind.CROWD, Polygon.of(0, 0, 1, 0, 1, 1, 0, 1),
                SUSTAIN, null, null, new RuleParameters(THRESHOLD, null, null, null, null, null, null, null, null));
    }

    public static void main(String[] args) throws Exception {
        Path shared = SharedFolder.resolve(args);
        int[] gt = PetsData.counts(shared);
        Zone zone = zone();
        Map<String, Object> json = new LinkedHashMap<>();
        try (Detector detector = DetectorFactory.create(DetectorSettings.defaults(shared.resolve("models")))) {
            double minScore = CrowdSettings.defaults().minPersonScore();
            {
                List<BoundingBox> tiles = tiles(480, 360);
                int[] counted = new int[gt.length], confirmed = new int[gt.length], naive = new int[gt.length];
                ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
                CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
                long t0 = System.nanoTime();
                int n = ClipFrames.decode(PetsData.video(shared), 0, "pets", f -> {
                    int i = frameIndex(f);
                    if (i >= gt.length) return;
                    List<Detection> dets = detector.detect(new DetectionRequest(f, tiles));
                    naive[i] = (int) dets.stream().filter(d -> d.classId() == CocoClasses.PERSON
                            && d.score() >= TrackerSettings.defaults().highScore()).count();
                    List<TrackedObject> tracks = tracker.update(f.capturedAt(), dets, f);
                    confirmed[i] = (int) tracks.stream().filter(t -> t.visible() && t.classId() == CocoClasses.PERSON
                            && t.score() >= minScore).count();
                    counted[i] = rule.evaluate(f.capturedAt(), dets, tracks, List.of(zone), f.width(), f.height())
                            .counts().get(zone.id());
                });
                double ms = (System.nanoTime() - t0) / 1e6 / n;
                // ffmpeg delivers 794 of the 795 annotated frames: score the frames there are
                int m = Math.min(n, gt.length);
                int[] truth = Arrays.copyOf(gt, m);
                Map<String, Double> pipeline = errors(Arrays.copyOf(counted, m), truth),
                        tracked = errors(Arrays.copyOf(confirmed, m), truth), loose = errors(Arrays.copyOf(naive, m), truth);
                json.put("frames", m);
                System.err.printf(Locale.ROOT, "%d frames, %d focus tile(s), %.1f ms/frame; the rule's count (persons "
                        + "scoring >= %.2f) %s; confirmed tracks only %s; baseline at the tracker's start score %.2f %s%n",
                        n, tiles.size(), ms, minScore, pipeline, tracked, TrackerSettings.defaults().highScore(), loose);
                json.putAll(pipeline);
                tracked.forEach((k, v) -> json.put("confirmed_tracks_" + k, v));
                loose.forEach((k, v) -> json.put("tracker_start_score_" + k, v));
                json.put("ms_per_frame", round(ms, 1));
            }
            List<Interval> truth = groundTruthEvents(shared, gt.length / PetsData.FPS);
            int[][] live = new int[2][];
            List<Interval> found = liveEvents(shared, detector, zone, gt.length / PetsData.FPS, gt, live);
            errors(live[0], live[1]).forEach((k, v) -> json.put("live_rate_" + k, v));
            List<Map<String, Object>> events = new ArrayList<>();
            double maxOffset = 0;
            int matched = 0;
            for (Interval g : truth) {
                Interval best = null;
                for (Interval e : found) {
                    if (e.start() < g.end() + 2 && e.end() > g.start() - 2
                            && (best == null || Math.abs(e.start() - g.start()) < Math.abs(best.start() - g.start()))) {
                        best = e;
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("gt_start_s", round(g.start(), 1));
                row.put("gt_end_s", round(g.end(), 1));
                if (best != null) {
                    matched++;
                    row.put("start_s", round(best.start(), 1));
                    row.put("end_s", round(best.end(), 1));
                    maxOffset = Math.max(maxOffset, Math.max(Math.abs(best.start() - g.start()), Math.abs(best.end() - g.end())));
                }
                events.add(row);
            }
            json.put("gt_events", truth.size());
            json.put("events_found", found.size());
            json.put("events_matched", matched);
            json.put("max_offset_s", round(maxOffset, 1));
            json.put("events", events);
            System.err.printf(Locale.ROOT, "crowd events (threshold %d, %d s): ground truth %s, found %s%n", THRESHOLD,
                    SUSTAIN.toSeconds(), truth, found);
        }
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    /** The tiles the pipeline plans for a crowd zone covering the picture (none: the full frame is that view). */
    static List<BoundingBox> tiles(int width, int height) {
        return FocusTiles.plan(List.of(zone()), width, height, FocusSettings.defaults());
    }

    private static int frameIndex(VideoFrame f) {
        return (int) Math.round(f.ptsMicros() * PetsData.FPS / 1e6);
    }

    /** The crowd rule at its live rate on the video. */
    /** @param live out: [0] the rule's counts at the live rate, [1] the ground truth of the same frames */
    public static List<Interval> liveEvents(Path shared, Detector detector, Zone zone, double clipEnd, int[] gt,
                                            int[][] live) throws Exception {
        List<Integer> counts = new ArrayList<>(), truth = new ArrayList<>();
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        CrowdSettings settings = CrowdSettings.defaults();
        CrowdRule rule = new CrowdRule(settings);
        List<BoundingBox> tiles = tiles(480, 360);
        List<Interval> out = new ArrayList<>();
        double[] openAt = {-1};
        ClipFrames.decode(PetsData.video(shared), settings.fps(), "pets", f -> {
            List<Detection> dets = detector.detect(new DetectionRequest(f, tiles));
            List<TrackedObject> tracks = tracker.update(f.capturedAt(), dets, f);
            CrowdRule.Result r = rule.evaluate(f.capturedAt(), dets, tracks, List.of(zone), f.width(), f.height());
            int i = frameIndex(f);
            if (i < gt.length) {
                counts.add(r.counts().get(zone.id()));
                truth.add(gt[i]);
            }
            collect(r.verdicts(), openAt, out);
        });
        if (openAt[0] >= 0) out.add(new Interval(openAt[0], clipEnd));
        live[0] = counts.stream().mapToInt(Integer::intValue).toArray();
        live[1] = truth.stream().mapToInt(Integer::intValue).toArray();
        return out;
    }

    /** The same rule fed the ground-truth boxes as tracks, every frame. */
    public static List<Interval> groundTruthEvents(Path shared, double clipEnd) throws Exception {
        Map<Integer, List<PetsData.Person>> boxes = PetsData.boxes(shared);
        CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
        Zone zone = zone();
        List<Interval> out = new ArrayList<>();
        double[] openAt = {-1};
        int frames = (int) Math.round(clipEnd * PetsData.FPS);
        for (int i = 0; i < frames; i++) {
            Instant at = ClipFrames.EPOCH.plusMillis(Math.round(i * 1000 / PetsData.FPS));
            List<TrackedObject> tracks = new ArrayList<>();
            List<Detection> seen = new ArrayList<>();
            for (PetsData.Person p : boxes.getOrDefault(i, List.of())) {
                tracks.add(new TrackedObject(p.id(), p.box(), CocoClasses.PERSON, "person", 1, 1, true));
                seen.add(new Detection(p.box(), CocoClasses.PERSON, "person", 1));
            }
            collect(rule.evaluate(at, seen, tracks, List.of(zone), 480, 360).verdicts(), openAt, out);
        }
        if (openAt[0] >= 0) out.add(new Interval(openAt[0], clipEnd));
        return out;
    }

    private static void collect(List<RuleVerdict> verdicts, double[] openAt, List<Interval> out) {
        for (RuleVerdict v : verdicts) {
            double t = Duration.between(ClipFrames.EPOCH, v.at()).toMillis() / 1000.0;
            if (v.kind() == RuleVerdict.Kind.OPEN) openAt[0] = t;
            if (v.kind() == RuleVerdict.Kind.CLOSE && openAt[0] >= 0) {
                out.add(new Interval(openAt[0], t));
                openAt[0] = -1;
            }
        }
    }

    static Map<String, Double> errors(int[] counted, int[] gt) {
        double abs = 0, sq = 0;
        int within = 0;
        for (int i = 0; i < gt.length; i++) {
            int e = counted[i] - gt[i];
            abs += Math.abs(e);
            sq += e * e;
            if (Math.abs(e) <= 1) within++;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mae", round(abs / gt.length, 3));
        m.put("rmse", round(Math.sqrt(sq / gt.length), 3));
        m.put("within1", round((double) within / gt.length, 3));
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
