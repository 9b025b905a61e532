package city.citywatch.analytics.quality;

import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.video.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each finding on real frames altered the way the fault alters them, and none on the unaltered clips. Checks run
 * once per second of video here (the default is every 5 s): more checks, more chances of a false finding.
 */
class QualityDiagnosisTest {
    private static final QualitySettings EVERY_SECOND = QualitySettings.defaults().withCheckInterval(Duration.ofSeconds(1));
    /** Good checks before the fault: the references (sharpness, view) are learnt from the first three. */
    private static final int GOOD_BEFORE = 6;
    private static final int FAULTY = 10;
    private static final int GOOD_AFTER = 6;

    static Stream<String> clips() {
        return RealClips.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("clips")
    void noFindingOnTheUnalteredClip(String clip) {
        for (QualitySettings s : List.of(EVERY_SECOND, QualitySettings.defaults())) {
            QualityDiagnosis d = new QualityDiagnosis(s);
            List<QualityChange> changes = new ArrayList<>();
            List<VideoFrame> frames = RealClips.frames(clip);
            assertThat(frames).hasSizeGreaterThan(30);
            for (VideoFrame f : frames) changes.addAll(d.offer(f));
            assertThat(changes).as("findings on the unaltered clip %s, checks every %s", clip, s.checkInterval()).isEmpty();
            assertThat(d.active()).isEmpty();
        }
    }

    /** A fault: how it alters the i-th faulty frame (given the frames before it), and what it must be found as. */
    record Fault(String name, Finding expected, BiFunction<List<VideoFrame>, Integer, VideoFrame> alter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> faults() {
        List<Fault> faults = List.of(
                new Fault("covered", Finding.COVERED, (fs, i) -> PictureFaults.covered(fs.get(i), i)),
                new Fault("blurred", Finding.BLUR, (fs, i) -> PictureFaults.blurred(fs.get(i), 6)),
                new Fault("defocused", Finding.BLUR, (fs, i) -> PictureFaults.blurred(fs.get(i), 3)),
                new Fault("darkened", Finding.TOO_DARK, (fs, i) -> PictureFaults.darkened(fs.get(i))),
                new Fault("overexposed", Finding.TOO_BRIGHT, (fs, i) -> PictureFaults.overexposed(fs.get(i))),
                new Fault("colour cast", Finding.COLOUR_CAST, (fs, i) -> PictureFaults.colourCast(fs.get(i))),
                // the encoder keeps sending the last good picture
                new Fault("frozen", Finding.FROZEN, (fs, i) -> PictureFaults.repeatedAt(fs.get(GOOD_BEFORE - 1), fs.get(i))),
                new Fault("moved", Finding.SCENE_CHANGED, (fs, i) -> PictureFaults.moved(fs.get(i), 0.08, 0.03, 3)),
                new Fault("blue screen", Finding.SIGNAL_LOST, (fs, i) -> PictureFaults.uniform(fs.get(i), 200, 40, 20)),
                new Fault("black screen", Finding.SIGNAL_LOST, (fs, i) -> PictureFaults.uniform(fs.get(i), 16, 16, 16)));
        return RealClips.ALL.stream().flatMap(c -> faults.stream().map(f -> Arguments.of(c, f)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("faults")
    void faultIsRaisedAfterPersistingAndClearsWhenThePictureIsGoodAgain(String clip, Fault fault) {
        List<VideoFrame> frames = RealClips.frames(clip);
        QualityDiagnosis d = new QualityDiagnosis(EVERY_SECOND);
        List<QualityChange> raised = new ArrayList<>(), cleared = new ArrayList<>();
        int raisedAt = -1;
        for (int i = 0; i < GOOD_BEFORE + FAULTY + GOOD_AFTER; i++) {
            boolean faulty = i >= GOOD_BEFORE && i < GOOD_BEFORE + FAULTY;
            VideoFrame f = faulty ? fault.alter().apply(frames, i) : frames.get(i);
            for (QualityChange c : d.offer(f)) {
                if (c.raised()) {
                    raised.add(c);
                    if (raisedAt < 0) raisedAt = i;
                } else {
                    cleared.add(c);
                }
            }
        }
        assertThat(raised).as("raised on %s", fault).extracting(QualityChange::finding).containsExactly(fault.expected());
        QualityChange r = raised.getFirst();
        // persistence: not before the third faulty check
        assertThat(raisedAt).isEqualTo(GOOD_BEFORE + EVERY_SECOND.raiseAfter() - 1);
        assertThat(r.measurement().bad()).isTrue();
        assertThat(r.measurement().describe()).startsWith(fault.expected().wireName() + ": ");
        assertThat(r.frame().bgr()).as("evidence is the faulty frame").isNotEqualTo(frames.get(raisedAt).bgr());
        assertThat(cleared).as("cleared once good again").extracting(QualityChange::finding)
                .containsExactly(fault.expected());
        assertThat(cleared.getFirst().measurement().bad()).isFalse();
        assertThat(d.active()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("clips")
    void dusk_lessLightAndLessContrastIsNoFault(String clip) {
        List<VideoFrame> frames = RealClips.frames(clip);
        QualityDiagnosis d = new QualityDiagnosis(EVERY_SECOND);
        List<QualityChange> changes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            // light fading over the clip to 45 % with a steeper gamma (evening), the picture still usable
            double gain = 1.0 - 0.55 * i / (frames.size() - 1);
            changes.addAll(d.offer(i < 6 ? frames.get(i) : PictureFaults.exposure(frames.get(i), 1.15, gain, gain, gain)));
        }
        assertThat(changes).as("findings at dusk on %s", clip).isEmpty();

        // and the same drop at once (a cloud before the sun, street lights switched): still no fault
        QualityDiagnosis sudden = new QualityDiagnosis(EVERY_SECOND);
        for (int i = 0; i < frames.size(); i++) {
            changes.addAll(sudden.offer(i < 6 ? frames.get(i) : PictureFaults.exposure(frames.get(i), 1.15, 0.5, 0.5, 0.5)));
        }
        assertThat(changes).as("findings after a sudden loss of light on %s", clip).isEmpty();
    }

    @Test
    void aFaultShorterThanThePersistenceRaisesNothing() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.getFirst());
        QualityDiagnosis d = new QualityDiagnosis(EVERY_SECOND);
        List<QualityChange> changes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a truck passing right in front of the lens for two checks
            VideoFrame f = i == 8 || i == 9 ? PictureFaults.covered(frames.get(i), i) : frames.get(i);
            changes.addAll(d.offer(f));
        }
        assertThat(changes).isEmpty();
    }

    @Test
    void checksRunAtTheIntervalNotOnEveryFrame() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.getFirst());
        QualityDiagnosis d = new QualityDiagnosis(QualitySettings.defaults()); // every 5 s
        List<QualityChange> changes = new ArrayList<>();
        // 14 s of blue screen at one frame per second: checks at 0, 5, 10 s are the three that raise it
        for (int i = 0; i < 14; i++) changes.addAll(d.offer(PictureFaults.uniform(frames.get(i), 200, 40, 20)));
        assertThat(changes).extracting(QualityChange::finding).containsExactly(Finding.SIGNAL_LOST);
        assertThat(changes.getFirst().frame().capturedAt()).isEqualTo(frames.get(10).capturedAt());
    }

    @Test
    void aNewResolutionIsLearntAgainNotReadAsAMovedCamera() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.getFirst());
        QualityDiagnosis d = new QualityDiagnosis(EVERY_SECOND);
        List<QualityChange> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) changes.addAll(d.offer(frames.get(i)));
        // the camera switches to a profile of half the size (every other pixel of every other row)
        for (int i = 10; i < 30; i++) changes.addAll(d.offer(halfSize(frames.get(i))));
        assertThat(changes).isEmpty();
    }

    private static VideoFrame halfSize(VideoFrame f) {
        int w = f.width() / 2, h = f.height() / 2;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) System.arraycopy(f.bgr(), ((2 * y) * f.width() + 2 * x) * 3, out, (y * w + x) * 3, 3);
        }
        return new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), w, h, out);
    }

    @Test
    void relearningTheViewAcceptsTheNewOne() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.get(1));
        QualityDiagnosis d = new QualityDiagnosis(EVERY_SECOND);
        List<QualityChange> changes = new ArrayList<>();
        for (int i = 0; i < 6; i++) changes.addAll(d.offer(frames.get(i)));
        for (int i = 6; i < 10; i++) changes.addAll(d.offer(PictureFaults.moved(frames.get(i), 0.08, 0.03, 3)));
        assertThat(d.active()).containsExactly(Finding.SCENE_CHANGED);
        d.relearnScene(); // the zones were redrawn on the new view
        for (int i = 10; i < 25; i++) changes.addAll(d.offer(PictureFaults.moved(frames.get(i), 0.08, 0.03, 3)));
        assertThat(d.active()).isEmpty();
        assertThat(changes).extracting(QualityChange::raised).containsExactly(true, false);
    }

    @Test
    void settingsNameTheKeyAndTheAllowedValues() {
        QualitySettings ok = QualitySettings.defaults();
        assertThatThrownBy(() -> ok.withCheckInterval(Duration.ZERO))
                .isInstanceOf(ValidationException.class).hasMessageContaining("quality.checkIntervalSeconds")
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> new QualitySettings(true, Duration.ofSeconds(5), 0, 3, 320, 3, 0.75, 35, 220, 0, 0.3,
                25, 0.5, 3)).isInstanceOf(ValidationException.class).hasMessage("quality.raiseAfter: must be >= 1, got 0");
        assertThatThrownBy(() -> new QualitySettings(true, Duration.ofSeconds(5), 3, 3, 320, 3, 0.75, 230, 220, 0, 0.3,
                25, 0.5, 3)).isInstanceOf(ValidationException.class).hasMessageContaining("quality.darkMaxMeanLuma");
        assertThatThrownBy(() -> new QualitySettings(true, Duration.ofSeconds(5), 3, 3, 320, 3, 0.75, 35, 220, 0, 1.5,
                25, 0.5, 3)).isInstanceOf(ValidationException.class)
                .hasMessage("quality.blurMinSharpnessRatio: must be in [0.01, 1.0], got 1.5");
    }
}
