package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.quality.Finding;
import city.citywatch.analytics.quality.PictureFaults;
import city.citywatch.analytics.testdata.DemoCamera;
import city.citywatch.analytics.testdata.HighwayVideo;
import city.citywatch.analytics.testdata.SharedModels;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The video-quality diagnosis inside a camera's analysis, on the demo scenario of {@link CameraAnalyzerTest} (a car
 * stops on the shoulder at 23.2 s and, on a good picture, opens an illegal-parking event after its 10 s dwell): a
 * picture fault becomes a camera_health event with its snapshot, and stops the parking rule's verdicts.
 */
class CameraAnalyzerQualityTest {
    private static List<VideoFrame> frames;
    private static Detector detector;

    @BeforeAll
    static void setUp() throws Exception {
        frames = HighwayVideo.sample(1.0);
        detector = DetectorFactory.create(DetectorSettings.defaults(SharedModels.modelsDir()));
    }

    @AfterAll
    static void tearDown() {
        detector.close();
    }

    @Test
    void aCoveredLensOpensACameraHealthEventWithItsSnapshotAndStopsTheParkingVerdicts() throws Exception {
        List<EventChange> changes = new ArrayList<>();
        List<EvidenceRequest> evidence = new ArrayList<>();
        Zone zone = DemoCamera.shoulderZone(Duration.ofSeconds(10));
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(zone)), detector,
                AnalyzerSettings.defaults(), changes::add, evidence::add);
        // covered from 10 s on (checks every 5 s: raised at the third bad check, 20 s), uncovered at 50 s
        for (int i = 0; i < frames.size(); i++) {
            analyzer.onFrame(i >= 10 && i < 50 ? PictureFaults.covered(frames.get(i), i) : frames.get(i));
        }

        assertThat(changes).as("no parking verdicts while the lens is covered: %s", changes)
                .noneMatch(c -> c.event().kind() == EventKind.ILLEGAL_PARKING && c.at().isBefore(frames.get(60).capturedAt()));
        List<EventChange> health = changes.stream().filter(c -> c.event().kind() == EventKind.CAMERA_HEALTH).toList();
        assertThat(health).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.CLOSED);
        EventChange opened = health.getFirst();
        Event e = opened.event();
        assertThat(opened.at()).isEqualTo(frames.get(20).capturedAt());
        assertThat(e.health().finding()).isEqualTo("covered");
        assertThat(e.health().value()).isGreaterThanOrEqualTo(e.health().threshold());
        assertThat(e.health().description()).startsWith("covered: flat share of the picture");
        assertThat(e.severity()).isEqualTo(Severity.HIGH);
        assertThat(e.zoneId()).isNull();
        assertThat(e.department()).isNull();
        assertThat(health.getLast().event().id()).isEqualTo(e.id());
        assertThat(health.getLast().at()).isEqualTo(frames.get(60).capturedAt()); // good at 50, 55, 60
        assertThat(health.getLast().event().endedAt()).isEqualTo(frames.get(60).capturedAt());

        assertThat(evidence).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(e.id());
            assertThat(r.snapshotKey()).isEqualTo(e.evidence().snapshotKey()).startsWith("snapshots/" + e.camera().id() + "/");
            assertThat(r.clipKey()).isEqualTo(e.evidence().clipKey());
            BufferedImage snap = ImageIO.read(new ByteArrayInputStream(r.snapshotJpeg()));
            assertThat(snap.getWidth()).isEqualTo(640);
            // the snapshot shows the covered picture: dark and flat on the left, not the road
            int rgb = snap.getRGB(100, 300);
            assertThat(((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)).isLessThan(3 * 80);
        });
    }

    @Test
    void withoutAFaultTheSameScenarioOpensTheParkingEventAndNoCameraHealth() {
        List<EventChange> changes = new ArrayList<>();
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(DemoCamera.shoulderZone(Duration.ofSeconds(10)))),
                detector, AnalyzerSettings.defaults(), changes::add, r -> { });
        for (VideoFrame f : frames) analyzer.onFrame(f);
        assertThat(changes).extracting(c -> c.event().kind()).contains(EventKind.ILLEGAL_PARKING)
                .doesNotContain(EventKind.CAMERA_HEALTH);
        assertThat(analyzer.pictureFaults()).isEmpty();
    }

    @Test
    void aFaultLeftOpenByAPreviousRunSuppressesUntilThePictureIsCheckedGoodThenCloses() {
        VideoFrame first = frames.getFirst();
        Event stillOpen = new Event(UUID.randomUUID(), EventKind.CAMERA_HEALTH, EventState.ACKNOWLEDGED, Severity.MEDIUM,
                1.0, CameraRef.of(DemoCamera.camera(List.of())), null, null, first.capturedAt().minusSeconds(600), null,
                List.of(), null, first.capturedAt().minusSeconds(600),
                new HealthFinding("frozen", 0.0, 0.00002, "frozen: share of pixels changed since the last check 0.00000"));
        List<EventChange> changes = new ArrayList<>();
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(DemoCamera.shoulderZone(Duration.ofSeconds(10)))),
                detector, AnalyzerSettings.defaults(), changes::add, r -> { }, List.of(stillOpen));
        assertThat(analyzer.pictureFaults()).containsExactly(Finding.FROZEN);
        for (VideoFrame f : frames) analyzer.onFrame(f);
        // frozen is measured from the second check on (it compares with the previous one): good at 5, 10, 15 s
        assertThat(changes.getFirst().transition()).isEqualTo(Transition.CLOSED);
        assertThat(changes.getFirst().event().id()).isEqualTo(stillOpen.id());
        assertThat(changes.getFirst().at()).isEqualTo(frames.get(15).capturedAt());
        assertThat(changes.getFirst().event().state()).as("officers' workflow state kept").isEqualTo(EventState.ACKNOWLEDGED);
        assertThat(changes).extracting(c -> c.event().kind()).contains(EventKind.ILLEGAL_PARKING);
        assertThat(analyzer.pictureFaults()).isEmpty();
    }
}
