package city.citywatch.analytics.debris;

import city.citywatch.analytics.bench.ClipFrames;
import city.citywatch.analytics.bench.DebrisBenchmark;
import city.citywatch.analytics.bench.PetsData;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.testdata.SharedModels;
import city.citywatch.analytics.testdata.TrackedClip;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The debris rule on real video at its live rate (2 frames/s) with the real detector and tracker: ABODA video4, where
 * a man sets a bag down beside the blue utility box at about 10-15 s and walks off while others pass (README: the bag
 * stands at about x 455-505, y 365-415), and PETS2009 S2L1, people walking and standing about, nothing left. One zone
 * covers each picture; persistence 10 s.
 */
class DebrisRuleTest {
    private static final BoundingBox BAG = DebrisBenchmark.ABODA_BAG;
    private static Detector detector;
    private static TrackedClip aboda;

    @BeforeAll
    static void setUp() throws Exception {
        detector = DetectorFactory.create(DetectorSettings.defaults(SharedModels.modelsDir()));
        aboda = TrackedClip.of(SharedFolder.resolve().resolve(DebrisBenchmark.ABODA), 2, "aboda", detector);
    }

    @AfterAll
    static void tearDown() {
        detector.close();
    }

    private static Zone walkway() {
        return DebrisBenchmark.zone(ZoneKind.WALKWAY);
    }

    private static List<RuleVerdict> run(DebrisRule rule, TrackedClip clip, UnaryOperator<VideoFrame> picture,
                                         UnaryOperator<List<TrackedObject>> tracks) {
        List<RuleVerdict> out = new ArrayList<>();
        for (TrackedClip.Step s : clip.steps()) {
            out.addAll(rule.evaluate(picture.apply(s.frame()), tracks.apply(s.tracks()), List.of(walkway())));
        }
        return out;
    }

    private static List<RuleVerdict> opened(List<RuleVerdict> verdicts) {
        return verdicts.stream().filter(v -> v.kind() == RuleVerdict.Kind.OPEN).toList();
    }

    private static double seconds(Instant at) {
        return Duration.between(ClipFrames.EPOCH, at).toMillis() / 1000.0;
    }

    private static void assertOneEventAtTheBag(List<RuleVerdict> verdicts) {
        List<RuleVerdict> opened = opened(verdicts);
        assertThat(opened).as("events opened: %s", opened).hasSize(1);
        RuleVerdict open = opened.getFirst();
        BoundingBox box = open.objects().getFirst().box();
        boolean centreInside = box.centerX() >= BAG.x1() && box.centerX() <= BAG.x2()
                && box.centerY() >= BAG.y1() && box.centerY() <= BAG.y2();
        assertThat(box.iou(BAG) >= 0.3 || centreInside).as("event box %s vs the bag %s", box, BAG).isTrue();
        // set down at 10-15 s, 10 s persistence, the owner walking off first
        assertThat(seconds(open.at())).isBetween(20.0, 32.0);
        assertThat(open.evidence()).containsExactly(box);
        assertThat(verdicts).noneMatch(v -> v.kind() == RuleVerdict.Kind.CLOSE);
    }

    @Test
    void theBagLeftOnTheWalkwayRaisesExactlyOneEventAtItsPlace() {
        assertOneEventAtTheBag(run(new DebrisRule(DebrisSettings.defaults()), aboda, f -> f, t -> t));
    }

    @Test
    void aSlowGlobalBrightnessChangeRaisesNothingMore() {
        // dusk and a cloud: the whole picture darkens to 55 % over the clip; then a brightening to 140 % (clipped)
        double length = seconds(aboda.steps().getLast().frame().capturedAt());
        assertOneEventAtTheBag(run(new DebrisRule(DebrisSettings.defaults()), aboda,
                f -> withGain(f, 1 - 0.45 * seconds(f.capturedAt()) / length), t -> t));
        assertOneEventAtTheBag(run(new DebrisRule(DebrisSettings.defaults()), aboda,
                f -> withGain(f, 1 + 0.4 * seconds(f.capturedAt()) / length), t -> t));
    }

    @Test
    void aShadowFallingOnTheWalkwayIsNoObject() {
        // from 12 s on a building's shadow lies on the pavement left of the box: 35 % darker, colour kept
        assertOneEventAtTheBag(run(new DebrisRule(DebrisSettings.defaults()), aboda,
                f -> seconds(f.capturedAt()) < 12 ? f : withShadow(f, new BoundingBox(60, 260, 300, 470), 0.65), t -> t));
    }

    @Test
    void aPersonStandingWhereTheBagIsVetoesIt() {
        TrackedObject standing = new TrackedObject(9999, new BoundingBox(450, 300, 510, 410), CocoClasses.PERSON,
                "person", 0.8, 0.8, true);
        List<RuleVerdict> verdicts = run(new DebrisRule(DebrisSettings.defaults()), aboda, f -> f, t -> {
            List<TrackedObject> with = new ArrayList<>(t);
            with.add(standing);
            return with;
        });
        assertThat(opened(verdicts)).isEmpty();
    }

    @Test
    void theEventClosesWhenTheBagIsTakenAwayAndNoGhostFollows() {
        DebrisRule rule = new DebrisRule(DebrisSettings.defaults());
        List<RuleVerdict> verdicts = run(rule, aboda, f -> f, t -> t);
        assertThat(opened(verdicts)).hasSize(1);
        // the same camera's picture before the bag was set down (0-8 s), played on after the clip: the bag is gone
        Instant end = aboda.steps().getLast().frame().capturedAt();
        List<RuleVerdict> after = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 16; i++) {
                TrackedClip.Step s = aboda.steps().get(i);
                Instant at = end.plusMillis(500L * (round * 16 + i + 1));
                VideoFrame f = s.frame();
                after.addAll(rule.evaluate(new VideoFrame(f.cameraId(), at, f.ptsMicros(), f.width(), f.height(), f.bgr()),
                        List.of(), List.of(walkway())));
            }
        }
        List<RuleVerdict> closed = after.stream().filter(v -> v.kind() == RuleVerdict.Kind.CLOSE).toList();
        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.situation()).isEqualTo(opened(verdicts).getFirst().situation());
            assertThat(Duration.between(end, c.at())).isLessThanOrEqualTo(Duration.ofSeconds(5));
        });
        assertThat(opened(after)).as("a ghost of the bag").isEmpty();
    }

    @Test
    void peopleWalkingAndStandingOnTheSquareRaiseNothing() throws Exception {
        TrackedClip pets = TrackedClip.of(PetsData.video(SharedFolder.resolve()), 2, "pets", detector);
        assertThat(pets.steps()).hasSizeGreaterThan(150);
        List<RuleVerdict> verdicts = run(new DebrisRule(DebrisSettings.defaults()), pets, f -> f, t -> t);
        assertThat(opened(verdicts)).isEmpty();
    }

    private static VideoFrame withShadow(VideoFrame f, BoundingBox area, double gain) {
        byte[] out = f.bgr().clone();
        for (int y = (int) area.y1(); y < (int) area.y2(); y++) {
            for (int x = (int) area.x1() * 3; x < (int) area.x2() * 3; x++) {
                int i = y * f.width() * 3 + x;
                out[i] = (byte) Math.round((out[i] & 0xff) * gain);
            }
        }
        return new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), f.width(), f.height(), out);
    }

    private static VideoFrame withGain(VideoFrame f, double gain) {
        byte[] src = f.bgr(), out = new byte[src.length];
        for (int i = 0; i < src.length; i++) out[i] = (byte) Math.min(255, (int) Math.round((src[i] & 0xff) * gain));
        return new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), f.width(), f.height(), out);
    }
}
