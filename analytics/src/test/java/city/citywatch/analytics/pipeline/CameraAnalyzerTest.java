package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.testdata.DemoCamera;
import city.citywatch.analytics.testdata.HighwayVideo;
import city.citywatch.analytics.testdata.SharedModels;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.Transition;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo scenario end to end on the real video: RoadTrack's highway clip decoded with JavaCV at 1 frame/s (video
 * time as frame time), the default detector (PicoDet-S with zone focus), tracker, parking rule and event engine, the
 * no-parking zone on the right-hand shoulder with dwell 10 s. The small car stops at 23.2 s (GT box 334,194,16,20).
 */
class CameraAnalyzerTest {
    private static final BoundingBox GT = BoundingBox.ofXywh(334, 194, 16, 20);
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
    void theCarStoppedOnTheShoulderOpensExactlyOneEventAndTheTrucksNone() throws Exception {
        List<EventChange> changes = new ArrayList<>();
        List<EvidenceRequest> evidence = new ArrayList<>();
        Zone zone = DemoCamera.shoulderZone(Duration.ofSeconds(10));
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(zone)), detector, AnalyzerSettings.defaults(),
                changes::add, evidence::add);
        assertThat(frames).hasSizeGreaterThanOrEqualTo(71);
        for (VideoFrame f : frames) analyzer.onFrame(f);

        List<EventChange> opened = changes.stream().filter(c -> c.transition() == Transition.OPENED).toList();
        assertThat(opened).as("all changes: %s", changes).hasSize(1);
        EventChange open = opened.getFirst();
        double openAt = Duration.between(HighwayVideo.EPOCH, open.at()).toMillis() / 1000.0;
        assertThat(openAt).as("opening time (stopped at 23.2 s + dwell 10 s)").isBetween(30.2, 36.2);
        assertThat(open.event().kind()).isEqualTo(EventKind.ILLEGAL_PARKING);
        assertThat(open.event().zoneId()).isEqualTo(zone.id());
        BoundingBox box = open.event().objects().getFirst().box();
        assertThat(box.iou(GT)).as("box %s vs GT %s", box, GT).isGreaterThanOrEqualTo(0.5);
        // the car stays until the clip ends: no close, and every change is about this one event
        assertThat(changes).allMatch(c -> c.event().id().equals(open.event().id()))
                .noneMatch(c -> c.transition() == Transition.CLOSED);
        assertThat(evidence).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(open.event().id());
            assertThat(ImageIO.read(new ByteArrayInputStream(r.snapshotJpeg())).getWidth()).isEqualTo(640);
            assertThat(Duration.between(r.clipFrom(), r.clipTo())).isEqualTo(Duration.ofSeconds(20));
        });

        // zones change on the next frame: without the zone, its event is closed
        analyzer.updateZones(List.of());
        // no rule needs frames any more; the picture is still checked
        assertThat(analyzer.requiredFps()).isEqualTo(AnalyzerSettings.defaults().quality().requiredFps());
        analyzer.onFrame(frames.getLast());
        assertThat(changes.getLast().transition()).isEqualTo(Transition.CLOSED);
        assertThat(changes.getLast().event().id()).isEqualTo(open.event().id());
    }

    @Test
    void aZoneOverTheTruckLaneAloneRaisesNothing() {
        // the lane left of the shoulder, where trucks pass the parked car: traffic only, no stop
        Zone lane = new Zone("lane", HighwayVideo.CAMERA_ID, "lane", ZoneKind.NO_PARKING,
                Polygon.of(0.47, 0.33, 0.505, 0.33, 0.56, 0.60, 0.50, 0.60), Duration.ofSeconds(10), null, null);
        List<EventChange> changes = new ArrayList<>();
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(lane)), detector, AnalyzerSettings.defaults(),
                changes::add, r -> { });
        for (VideoFrame f : frames) analyzer.onFrame(f);
        assertThat(changes).isEmpty();
    }

    @Test
    void zonesAndFramesOfAnotherCameraAreRefused() {
        CameraAnalyzer analyzer = new CameraAnalyzer(DemoCamera.camera(List.of(DemoCamera.shoulderZone(Duration.ofSeconds(10)))),
                detector, AnalyzerSettings.defaults(), c -> { }, r -> { });
        assertThat(analyzer.requiredFps()).isEqualTo(1.0);
        Zone foreign = new Zone("x", "other-cam", "x", ZoneKind.NO_PARKING, DemoCamera.SHOULDER, null, null, null);
        assertThatThrownBy(() -> analyzer.updateZones(List.of(foreign)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("zones[0].cameraId");
        VideoFrame f = frames.getFirst();
        VideoFrame other = new VideoFrame("other-cam", f.capturedAt(), f.ptsMicros(), f.width(), f.height(), f.bgr());
        assertThatThrownBy(() -> analyzer.onFrame(other)).hasMessageContaining("other-cam");
    }
}
