package city.citywatch.analytics.bench;

import city.citywatch.analytics.debris.DebrisRule;
import city.citywatch.analytics.debris.DebrisSettings;
import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.track.ByteTracker;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.analytics.track.TrackerSettings;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The debris rule (10 s persistence, one zone covering each picture) at its live rate on three real clips: ABODA
 * video4 (a bag left beside a utility box, people walking through), the RoadTrack highway clip (traffic; a car stops
 * on the shoulder: a vehicle, vetoed) and PETS2009 S2L1 (people walking). Key {@code events}: every event opened,
 * {@code {"clip", "start_s", "box"}} with the box in source pixels; the bag's event is checked against the README's
 * position of the bag. Baseline in the same run: the same rule without the person/vehicle veto
 * ({@code events_without_veto}), and the background model's cost per frame against the detector's.
 * Usage: {@code DebrisBenchmark [sharedDir]}; logs to stderr, last stdout line JSON.
 */
public final class DebrisBenchmark {
    /** ABODA README: the bag stands at the left side of the blue utility box, about x 455-505, y 365-415. */
    public static final BoundingBox ABODA_BAG = new BoundingBox(455, 365, 505, 415);
    public static final String ABODA = "data/aboda-video4/video4.avi";
    private static final Duration PERSISTENCE = Duration.ofSeconds(10);

    private DebrisBenchmark() {
    }

    /** One event opened by the rule. */
    public record Found(String clip, double startSeconds, BoundingBox box) {
    }

    /** What a run over one clip found, with and without the veto, and what it cost. */
    public record ClipRun(List<Found> events, List<Found> eventsWithoutVeto, int frames, double ruleMs,
                          double detectorMs) {
    }

    public static Zone zone(ZoneKind kind) {
        return new Zone("whole-picture", "bench", "whole picture", kind, Polygon.of(0, 0, 1, 0, 1, 1, 0, 1),
                PERSISTENCE, null, null);
    }

    public static void main(String[] args) throws Exception {
        Path shared = SharedFolder.resolve(args);
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> events = new ArrayList<>(), unvetoed = new ArrayList<>();
        double ruleMs = 0, detMs = 0;
        int frames = 0;
        try (Detector detector = DetectorFactory.create(DetectorSettings.defaults(shared.resolve("models")))) {
            Map<String, Object[]> clips = new LinkedHashMap<>();
            clips.put("aboda-video4", new Object[]{shared.resolve(ABODA), ZoneKind.WALKWAY});
            clips.put("roadtrack-highway", new Object[]{DemoScene.video(shared), ZoneKind.ROADWAY});
            clips.put("pets2009-s2l1", new Object[]{PetsData.video(shared), ZoneKind.WALKWAY});
            for (var c : clips.entrySet()) {
                ClipRun run = run(c.getKey(), (Path) c.getValue()[0], zone((ZoneKind) c.getValue()[1]), detector,
                        DebrisSettings.defaults());
                System.err.printf(Locale.ROOT, "%s: %d frames, events %s, without veto %s%n", c.getKey(), run.frames(),
                        run.events(), run.eventsWithoutVeto());
                run.events().forEach(e -> events.add(row(e)));
                run.eventsWithoutVeto().forEach(e -> unvetoed.add(row(e)));
                ruleMs += run.ruleMs() * run.frames();
                detMs += run.detectorMs() * run.frames();
                frames += run.frames();
                if (c.getKey().equals("aboda-video4")) {
                    json.put("aboda_events", run.events().size());
                    run.events().stream().findFirst().ifPresent(e -> {
                        json.put("aboda_bag_iou", Math.round(e.box().iou(ABODA_BAG) * 1000) / 1000.0);
                        json.put("aboda_bag_centre_inside", contains(e.box(), ABODA_BAG.centerX(), ABODA_BAG.centerY()));
                    });
                } else {
                    json.put(c.getKey().replace('-', '_').replace("2009_s2l1", "") + "_events", run.events().size());
                }
            }
        }
        json.put("events", events);
        json.put("events_without_veto", unvetoed);
        json.put("frames", frames);
        json.put("rule_ms_per_frame", Math.round(ruleMs / frames * 100) / 100.0);
        json.put("detector_ms_per_frame", Math.round(detMs / frames * 10) / 10.0);
        json.put("rule_cost_vs_detector", Math.round(ruleMs / detMs * 1000) / 1000.0);
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    private static Map<String, Object> row(Found e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clip", e.clip());
        m.put("start_s", Math.round(e.startSeconds() * 10) / 10.0);
        m.put("box", new long[]{Math.round(e.box().x1()), Math.round(e.box().y1()), Math.round(e.box().x2()),
                Math.round(e.box().y2())});
        return m;
    }

    private static boolean contains(BoundingBox b, double x, double y) {
        return x >= b.x1() && x <= b.x2() && y >= b.y1() && y <= b.y2();
    }

    /** Runs detector + tracker + the debris rule (and, for the baseline, the rule without veto) over one clip. */
    public static ClipRun run(String name, Path video, Zone zone, Detector detector, DebrisSettings settings)
            throws Exception {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        DebrisRule rule = new DebrisRule(settings), noVeto = new DebrisRule(settings);
        List<Found> found = new ArrayList<>(), unvetoed = new ArrayList<>();
        long[] nanos = new long[2];
        int n = ClipFrames.decode(video, settings.fps(), "bench", f -> {
            long t0 = System.nanoTime();
            List<TrackedObject> tracks = tracker.update(f.capturedAt(), detector.detect(DetectionRequest.fullFrame(f)), f);
            long t1 = System.nanoTime();
            List<RuleVerdict> verdicts = rule.evaluate(f, tracks, List.of(zone));
            nanos[0] += System.nanoTime() - t1;
            nanos[1] += t1 - t0;
            collect(name, verdicts, found);
            collect(name, noVeto.evaluate(f, List.of(), List.of(zone)), unvetoed);
        });
        return new ClipRun(found, unvetoed, n, nanos[0] / 1e6 / n, nanos[1] / 1e6 / n);
    }

    private static void collect(String clip, List<RuleVerdict> verdicts, List<Found> out) {
        for (RuleVerdict v : verdicts) {
            if (v.kind() != RuleVerdict.Kind.OPEN) continue;
            out.add(new Found(clip, Duration.between(ClipFrames.EPOCH, v.at()).toMillis() / 1000.0,
                    v.objects().getFirst().box()));
        }
    }
}
