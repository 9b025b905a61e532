package city.citywatch.analytics.parking;

import city.citywatch.analytics.track.ByteTracker;
import city.citywatch.analytics.track.TrackerSettings;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule fed by the real tracker, 1 frame/s like live analysis, 640x540 frames, zone = right half. */
class ParkingRuleTest {
    private static final Instant T0 = Instant.parse("2025-04-14T01:00:00Z");
    private static final Zone ZONE = new Zone("shoulder", "cam", "shoulder", ZoneKind.NO_PARKING,
            Polygon.of(0.5, 0.3, 1, 0.3, 1, 1, 0.5, 1), Duration.ofSeconds(10), null, null);

    private static Detection car(double x, double y) {
        return new Detection(BoundingBox.ofXywh(x, y, 40, 30), 2, "car", 0.6);
    }

    private static Detection truck(double x, double y) {
        return new Detection(BoundingBox.ofXywh(x, y, 160, 120), 7, "truck", 0.9);
    }

    private record Run(List<ParkingVerdict> verdicts) {
        List<ParkingVerdict> of(ParkingVerdict.Kind kind) {
            return verdicts.stream().filter(v -> v.kind() == kind).toList();
        }

        double secondsOf(ParkingVerdict v) {
            return Duration.between(T0, v.at()).toMillis() / 1000.0;
        }
    }

    private static Run run(int seconds, List<Zone> zones, IntFunction<List<Detection>> scene) {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        ParkingRule rule = new ParkingRule(ParkingSettings.defaults());
        List<ParkingVerdict> out = new ArrayList<>();
        for (int s = 0; s <= seconds; s++) {
            Instant at = T0.plusSeconds(s);
            out.addAll(rule.evaluate(at, tracker.update(at, scene.apply(s), null), zones, 640, 540));
        }
        return new Run(out);
    }

    @Test
    void aCarThatEntersStaysAndLeavesOpensOneEventUpdatesItAndClosesIt() {
        // drives in from the left (outside the zone) for 5 s, stands at (420, 300) from t=5 to t=40, then drives off
        Run r = run(80, List.of(ZONE), s -> {
            if (s < 5) return List.of(car(100 + 64 * s, 300));
            if (s <= 40) return List.of(car(420 + (s % 2), 300));
            if (s < 46) return List.of(car(420 + 40 * (s - 40), 300 + 20 * (s - 40)));
            return List.of();
        });
        assertThat(r.of(ParkingVerdict.Kind.OPEN)).singleElement().satisfies(v -> {
            assertThat(r.secondsOf(v)).isBetween(15.0, 16.0);
            assertThat(v.dwellSeconds()).isGreaterThanOrEqualTo(10);
            assertThat(v.box().iou(BoundingBox.ofXywh(420, 300, 40, 30))).isGreaterThan(0.9);
            assertThat(v.label()).isEqualTo("car");
        });
        List<ParkingVerdict> updates = r.of(ParkingVerdict.Kind.UPDATE);
        assertThat(updates).isNotEmpty().allMatch(u -> r.secondsOf(u) > 15 && r.secondsOf(u) <= 40);
        assertThat(r.of(ParkingVerdict.Kind.CLOSE)).singleElement().satisfies(v -> {
            // last seen at its place at t=40, closed once the 20 s grace has passed
            assertThat(r.secondsOf(v)).isBetween(61.0, 62.0);
            assertThat(v.parkingId()).isEqualTo(r.of(ParkingVerdict.Kind.OPEN).getFirst().parkingId());
        });
    }

    @Test
    void aParkedCarHiddenByATruckForSeveralSecondsStaysOneEvent() {
        Run r = run(70, List.of(ZONE), s -> {
            List<Detection> ds = new ArrayList<>();
            boolean truckInFront = s >= 20 && s < 28;
            if (truckInFront) ds.add(truck(330 + 10 * (s - 20), 230)); // slow truck covering the car; car not seen
            else ds.add(car(420, 300));
            return ds;
        });
        assertThat(r.of(ParkingVerdict.Kind.OPEN)).hasSize(1);
        assertThat(r.of(ParkingVerdict.Kind.CLOSE)).isEmpty();
        assertThat(r.of(ParkingVerdict.Kind.UPDATE)).anyMatch(u -> r.secondsOf(u) >= 28)
                .allMatch(u -> u.parkingId() == r.of(ParkingVerdict.Kind.OPEN).getFirst().parkingId());
    }

    @Test
    void movingTrafficThroughTheZoneRaisesNothing() {
        // a car every 3 s, each driving through the zone at 40 px/s, some in queues at the same spots
        Run r = run(120, List.of(ZONE), s -> {
            List<Detection> ds = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                int age = s - 3 * k;
                if (age >= 0 && age < 15) ds.add(car(330 + 40 * age, 200 + 20 * age));
            }
            return ds;
        });
        assertThat(r.verdicts()).isEmpty();
    }

    @Test
    void aCarParkedOutsideTheZoneOrWithItsWheelsOutsideRaisesNothing() {
        // the left half is not in the zone; the truck's box reaches into the zone but its bottom centre does not
        Run r = run(40, List.of(ZONE), s -> List.of(car(100, 300), truck(200, 300)));
        assertThat(r.verdicts()).isEmpty();
    }

    @Test
    void onlyNoParkingZonesCount() {
        Zone roadway = new Zone("road", "cam", "road", ZoneKind.ROADWAY, ZONE.polygon(), Duration.ofSeconds(10), null, null);
        assertThat(run(30, List.of(roadway), s -> List.of(car(420, 300))).verdicts()).isEmpty();
    }

    @Test
    void removingTheZoneClosesItsEvent() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        ParkingRule rule = new ParkingRule(ParkingSettings.defaults());
        List<ParkingVerdict> out = new ArrayList<>();
        for (int s = 0; s <= 15; s++) {
            Instant at = T0.plusSeconds(s);
            out.addAll(rule.evaluate(at, tracker.update(at, List.of(car(420, 300)), null), List.of(ZONE), 640, 540));
        }
        assertThat(out).anyMatch(v -> v.kind() == ParkingVerdict.Kind.OPEN);
        Instant at = T0.plusSeconds(16);
        List<ParkingVerdict> after = rule.evaluate(at, tracker.update(at, List.of(car(420, 300)), null), List.of(), 640, 540);
        assertThat(after).singleElement().extracting(ParkingVerdict::kind).isEqualTo(ParkingVerdict.Kind.CLOSE);
    }

    @Test
    void aSecondWiderBoxOnTheParkedCarOpensNoSecondEvent() {
        // detectors put a second, wider box on a small car (the demo clip does this at scores 0.1-0.3)
        Run r = run(60, List.of(ZONE), s -> {
            List<Detection> ds = new ArrayList<>(List.of(car(420, 300)));
            if (s >= 8 && s % 3 != 0) ds.add(new Detection(BoundingBox.ofXywh(400, 290, 62, 40), 2, "car", 0.2));
            return ds;
        });
        assertThat(r.of(ParkingVerdict.Kind.OPEN)).singleElement()
                .satisfies(v -> assertThat(v.box().iou(BoundingBox.ofXywh(420, 300, 40, 30))).isGreaterThan(0.9));
    }

    @Test
    void aMotorcycleBesideAParkedTruckOpensItsOwnEventOnceTheTrucksHasClosed() {
        // the truck stands from t=0 to t=30 and drives off; the motorcycle stands from t=5 on, its box mostly inside
        // the truck's (a second box on the truck while that one's event is open), far too small to be the truck
        Detection motorcycle = new Detection(BoundingBox.ofXywh(540, 330, 30, 40), 3, "motorcycle", 0.7);
        assertThat(motorcycle.box().iou(truck(400, 250).box())).isLessThan(ParkingSettings.defaults().sameVehicleIou());
        Run r = run(90, List.of(ZONE), s -> {
            List<Detection> ds = new ArrayList<>();
            if (s <= 30) ds.add(truck(400, 250));
            else if (s <= 33) ds.add(truck(400 + 60 * (s - 30), 250));
            if (s >= 5) ds.add(motorcycle);
            return ds;
        });
        List<ParkingVerdict> opens = r.of(ParkingVerdict.Kind.OPEN);
        assertThat(opens).hasSize(2);
        ParkingVerdict truckOpen = opens.get(0), motorcycleOpen = opens.get(1);
        assertThat(truckOpen.label()).isEqualTo("truck");
        assertThat(r.secondsOf(truckOpen)).isBetween(10.0, 12.0);
        ParkingVerdict truckClose = r.of(ParkingVerdict.Kind.CLOSE).stream()
                .filter(v -> v.parkingId() == truckOpen.parkingId()).findFirst().orElseThrow();
        assertThat(motorcycleOpen.label()).isEqualTo("motorcycle");
        assertThat(motorcycleOpen.parkingId()).isNotEqualTo(truckOpen.parkingId());
        assertThat(motorcycleOpen.box().iou(motorcycle.box())).isGreaterThan(0.9);
        assertThat(r.secondsOf(motorcycleOpen)).as("not while the truck's event is open, right after it closes")
                .isGreaterThan(r.secondsOf(truckClose)).isLessThanOrEqualTo(r.secondsOf(truckClose) + 2);
        assertThat(motorcycleOpen.dwellSeconds()).isGreaterThanOrEqualTo(ZONE.dwell().toSeconds());
    }
}
