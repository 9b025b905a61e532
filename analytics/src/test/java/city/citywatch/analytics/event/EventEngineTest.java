package city.citywatch.analytics.event;

import city.citywatch.analytics.parking.ParkingVerdict;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.EvidenceKeys;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEngineTest {
    private static final Instant T0 = Instant.parse("2025-04-14T23:59:50Z");
    private static final Zone ZONE = new Zone("z1", "cam-1", "shoulder", ZoneKind.NO_PARKING,
            Polygon.of(0.5, 0.3, 1, 0.3, 1, 1, 0.5, 1), Duration.ofSeconds(10), Severity.HIGH, "traffic-police");
    private static final BoundingBox BOX = BoundingBox.ofXywh(100, 60, 40, 30);

    private final List<EventChange> changes = new ArrayList<>();
    private final List<EvidenceRequest> evidence = new ArrayList<>();
    private final EventEngine engine = new EventEngine(new CameraRef("cam-1", "Gate", new GeoLocation(30.6, 104.1, "S2")),
            EventEngineSettings.defaults(), changes::add, evidence::add);

    private static ParkingVerdict verdict(ParkingVerdict.Kind kind, double seconds) {
        return new ParkingVerdict(kind, 7, ZONE, 42, "car", BOX, 10 + seconds, 0.6, T0.plusMillis((long) (seconds * 1000)));
    }

    private static VideoFrame frame() {
        byte[] bgr = new byte[320 * 240 * 3];
        Arrays.fill(bgr, (byte) 90);
        return new VideoFrame("cam-1", T0, 0, 320, 240, bgr);
    }

    @Test
    void openingGivesOneEventWithEvidenceKeysASnapshotWithTheBoxAndTheClipWindow() throws Exception {
        engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 0)));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.OPENED);
            assertThat(c.actor()).isEqualTo("system");
            Event e = c.event();
            assertThat(e.kind()).isEqualTo(EventKind.ILLEGAL_PARKING);
            assertThat(e.state()).isEqualTo(EventState.OPEN);
            assertThat(e.severity()).isEqualTo(Severity.HIGH);
            assertThat(e.department()).isEqualTo("traffic-police");
            assertThat(e.zoneId()).isEqualTo("z1");
            assertThat(e.startedAt()).isEqualTo(T0);
            assertThat(e.endedAt()).isNull();
            assertThat(e.objects()).singleElement().satisfies(o -> {
                assertThat(o.trackId()).isEqualTo(42);
                assertThat(o.box()).isEqualTo(BOX);
                assertThat(o.dwellSeconds()).isEqualTo(10);
            });
            assertThat(e.evidence().snapshotKey()).isEqualTo(EvidenceKeys.snapshot("cam-1", T0, e.id(), 1))
                    .startsWith("snapshots/cam-1/2025/04/14/");
            assertThat(e.evidence().clipKey()).isEqualTo(EvidenceKeys.clip("cam-1", T0, e.id()));
            assertThat(e.evidence().clipFrom()).isEqualTo(T0.minusSeconds(10));
            assertThat(e.evidence().clipTo()).isEqualTo(T0.plusSeconds(10));
        });
        Event e = changes.getFirst().event();
        assertThat(evidence).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(e.id());
            assertThat(r.cameraId()).isEqualTo("cam-1");
            assertThat(r.snapshotKey()).isEqualTo(e.evidence().snapshotKey());
            assertThat(r.clipKey()).isEqualTo(e.evidence().clipKey());
            assertThat(r.clipFrom()).isEqualTo(T0.minusSeconds(10));
            assertThat(r.clipTo()).isEqualTo(T0.plusSeconds(10));
        });
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(evidence.getFirst().snapshotJpeg()));
        assertThat(jpeg.getWidth()).isEqualTo(320);
        assertThat(jpeg.getHeight()).isEqualTo(240);
        // the box is drawn in red around the vehicle (3 px padding); the frame itself is grey
        int edge = jpeg.getRGB(100 + 20, 60 - 3), inside = jpeg.getRGB(120, 75);
        assertThat((edge >> 16) & 0xff).as("red on the box edge").isGreaterThan(180);
        assertThat((edge >> 8) & 0xff).isLessThan(80);
        assertThat(Math.abs(((inside >> 16) & 0xff) - ((inside >> 8) & 0xff))).as("grey inside").isLessThan(20);
    }

    @Test
    void updatesAreThrottledAndCloseEndsTheEvent() {
        engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 0)));
        for (int s = 1; s <= 65; s++) engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.UPDATE, s)));
        engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.CLOSE, 90)));
        assertThat(changes).extracting(EventChange::transition)
                .containsExactly(Transition.OPENED, Transition.UPDATED, Transition.UPDATED, Transition.CLOSED);
        assertThat(changes.get(1).at()).isEqualTo(T0.plusSeconds(30));
        assertThat(changes.get(2).at()).isEqualTo(T0.plusSeconds(60));
        assertThat(changes.get(2).event().objects().getFirst().dwellSeconds()).isEqualTo(70);
        EventChange closed = changes.get(3);
        assertThat(closed.event().endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(closed.event().id()).isEqualTo(changes.getFirst().event().id());
        assertThat(engine.openCount()).isZero();
        assertThat(evidence).hasSize(1);
    }

    @Test
    void verdictsForUnknownOrRepeatedEventsChangeNothing() {
        engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.UPDATE, 40), verdict(ParkingVerdict.Kind.CLOSE, 41)));
        assertThat(changes).isEmpty();
        engine.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 50), verdict(ParkingVerdict.Kind.OPEN, 51)));
        assertThat(changes).hasSize(1);
        assertThat(engine.openCount()).isEqualTo(1);
    }

    private static VideoFrame frameAt(Instant at) {
        byte[] bgr = new byte[320 * 240 * 3];
        return new VideoFrame("cam-1", at, 0, 320, 240, bgr);
    }

    private static Event carriedOver(BoundingBox lastBox) {
        Event e = new Event(java.util.UUID.randomUUID(), EventKind.ILLEGAL_PARKING, EventState.ACKNOWLEDGED, Severity.HIGH,
                0.5, new CameraRef("cam-1", "Gate", new GeoLocation(30.6, 104.1, "S2")), "z1", "traffic-police",
                T0.minusSeconds(600), null, List.of(new city.citywatch.core.event.EventObject(3, "car", lastBox, 590)),
                null, T0.minusSeconds(30));
        return e;
    }

    @Test
    void aVehicleFoundAgainAfterARestartContinuesItsEventInsteadOfOpeningASecondOne() {
        Event before = carriedOver(BoundingBox.ofXywh(102, 61, 40, 30));
        EventEngine restarted = new EventEngine(new CameraRef("cam-1", "Gate", new GeoLocation(30.6, 104.1, "S2")),
                EventEngineSettings.defaults(), changes::add, evidence::add, List.of(before));
        restarted.onParkingVerdicts(frameAt(T0), List.of(verdict(ParkingVerdict.Kind.OPEN, 0)));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.UPDATED);
            assertThat(c.event().id()).isEqualTo(before.id());
            assertThat(c.event().state()).as("the officers' workflow state survives").isEqualTo(EventState.ACKNOWLEDGED);
            assertThat(c.event().startedAt()).isEqualTo(before.startedAt());
            assertThat(c.event().objects().getFirst().box()).isEqualTo(BOX);
        });
        assertThat(evidence).as("no second snapshot or clip for the same situation").isEmpty();
        restarted.onParkingVerdicts(frameAt(T0.plusSeconds(5)), List.of(verdict(ParkingVerdict.Kind.CLOSE, 5)));
        assertThat(changes).last().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.CLOSED);
            assertThat(c.event().id()).isEqualTo(before.id());
        });
    }

    @Test
    void aCarriedOverEventWhoseVehicleIsGoneClosesAfterTheResumeWindowAndAnotherVehicleOpensItsOwn() {
        Event elsewhere = carriedOver(BoundingBox.ofXywh(250, 180, 40, 30));
        EventEngine restarted = new EventEngine(new CameraRef("cam-1", "Gate", new GeoLocation(30.6, 104.1, "S2")),
                EventEngineSettings.defaults(), changes::add, evidence::add, List.of(elsewhere));
        restarted.onParkingVerdicts(frameAt(T0), List.of(verdict(ParkingVerdict.Kind.OPEN, 0)));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.OPENED);
            assertThat(c.event().id()).isNotEqualTo(elsewhere.id());
        });

        restarted.onParkingVerdicts(frameAt(T0.plusSeconds(60)), List.of());
        assertThat(changes).hasSize(1);
        restarted.onParkingVerdicts(frameAt(T0.plus(EventEngineSettings.defaults().resumeWindow()).plusSeconds(1)), List.of());
        assertThat(changes).hasSize(2).last().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.CLOSED);
            assertThat(c.event().id()).isEqualTo(elsewhere.id());
            assertThat(c.event().endedAt()).isNotNull();
            assertThat(c.event().state()).isEqualTo(EventState.ACKNOWLEDGED);
        });
    }

    /** An engine whose sink refuses the first {@code failures} changes of kind {@code refused} (store down). */
    private EventEngine engineWithFlakySink(Transition refused, int failures) {
        int[] left = {failures};
        return new EventEngine(new CameraRef("cam-1", "Gate", new GeoLocation(30.6, 104.1, "S2")),
                EventEngineSettings.defaults(), c -> {
                    if (c.transition() == refused && left[0]-- > 0) throw new IllegalStateException("database down");
                    changes.add(c);
                }, evidence::add);
    }

    @Test
    void anOpeningTheSinkRefusesStillGetsItsEvidenceAndIsSentAsOpenedWithTheNextUpdate() {
        EventEngine flaky = engineWithFlakySink(Transition.OPENED, 1);
        assertThatThrownBy(() -> flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 0))))
                .hasMessage("database down");
        assertThat(changes).isEmpty();
        assertThat(evidence).as("snapshot and clip requested although the store was down").hasSize(1);

        flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.UPDATE, 1)));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.transition()).isEqualTo(Transition.OPENED);
            assertThat(c.event().id()).isEqualTo(evidence.getFirst().eventId());
            assertThat(c.event().startedAt()).isEqualTo(T0);
            assertThat(c.event().evidence().snapshotKey()).isEqualTo(evidence.getFirst().snapshotKey());
            assertThat(c.note()).contains("stationary");
        });
        for (int s = 2; s <= 31; s++) flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.UPDATE, s)));
        flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.CLOSE, 40)));
        assertThat(changes).extracting(EventChange::transition)
                .containsExactly(Transition.OPENED, Transition.UPDATED, Transition.CLOSED);
        assertThat(changes).extracting(c -> c.event().id()).containsOnly(evidence.getFirst().eventId());
        assertThat(evidence).hasSize(1);
    }

    @Test
    void anOpeningTheSinkRefusedIsSentBeforeItsClose() {
        EventEngine flaky = engineWithFlakySink(Transition.OPENED, 1);
        assertThatThrownBy(() -> flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 0))));
        flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.CLOSE, 20)));
        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.CLOSED);
        assertThat(flaky.openCount()).isZero();
    }

    @Test
    void aCloseTheSinkRefusesKeepsTheEventOpenAndIsSentAgainWithTheNextFrame() {
        EventEngine flaky = engineWithFlakySink(Transition.CLOSED, 1);
        flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.OPEN, 0)));
        assertThatThrownBy(() -> flaky.onParkingVerdicts(frame(), List.of(verdict(ParkingVerdict.Kind.CLOSE, 25))))
                .hasMessage("database down");
        assertThat(flaky.openCount()).isEqualTo(1);
        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED);

        flaky.onParkingVerdicts(frameAt(T0.plusSeconds(26)), List.of());
        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.CLOSED);
        assertThat(changes.get(1).event().endedAt()).isEqualTo(T0.plusSeconds(25));
        assertThat(flaky.openCount()).isZero();
        flaky.onParkingVerdicts(frameAt(T0.plusSeconds(27)), List.of());
        assertThat(changes).hasSize(2);
    }
}
