package city.citywatch.analytics.crowd;

import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crowd rule's logic frame by frame at its live rate (2 frames/s): which persons count, the sustain time, the
 * hysteresis, the "gathering fast" trigger and zones going away. Real video: see {@code CrowdOnVideoTest}.
 */
class CrowdRuleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final int W = 400, H = 300;
    /** the left half of the picture, threshold 5 persons, sustained 2 s */
    private static final Zone LEFT = new Zone("left", "cam", "left half", ZoneKind.CROWD,
            Polygon.of(0, 0, 0.5, 0, 0.5, 1, 0, 1), Duration.ofSeconds(2), null, null,
            new RuleParameters(5, null, null, null, null, null, null, null, null));

    private static List<Detection> persons(int n, double x) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Detection(new BoundingBox(x + i * 12, 100, x + i * 12 + 10, 140), CocoClasses.PERSON, "person", 0.8));
        }
        return out;
    }

    /** Feeds counts of persons in the left half, one per half second; returns the verdicts and counts. */
    private static List<RuleVerdict> feed(CrowdRule rule, Zone zone, int[] counts, List<Integer> seen) {
        List<RuleVerdict> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            CrowdRule.Result r = rule.evaluate(T0.plusMillis(500L * i), persons(counts[i], 10), List.of(), List.of(zone), W, H);
            out.addAll(r.verdicts());
            seen.add(r.counts().get(zone.id()));
        }
        return out;
    }

    private static double at(RuleVerdict v) {
        return Duration.between(T0, v.at()).toMillis() / 1000.0;
    }

    @Test
    void opensAfterTheSustainTimeAndClosesWithHysteresis() {
        CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
        // 0-1.5 s: 5 persons for 1.5 s only, then 3; from 3 s on: 6 persons; 4 from 8 s on (below the threshold but
        // not below threshold minus the margin of 1: the event holds); 3 from 10 s on: that closes it 2 s later
        int[] counts = {5, 5, 5, 3, 3, 3, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3};
        List<Integer> seen = new ArrayList<>();
        List<RuleVerdict> verdicts = feed(rule, LEFT, counts, seen);
        List<RuleVerdict> open = verdicts.stream().filter(v -> v.kind() == RuleVerdict.Kind.OPEN).toList();
        List<RuleVerdict> close = verdicts.stream().filter(v -> v.kind() == RuleVerdict.Kind.CLOSE).toList();
        assertThat(open).singleElement().satisfies(v -> {
            // 6 persons from 3.0 s, counted so from 3.0 s, sustained 2 s
            assertThat(at(v)).isEqualTo(5.0);
            assertThat(v.eventKind()).isEqualTo(EventKind.CROWD);
            assertThat(v.objects()).hasSize(6).allMatch(o -> o.label().equals("person"));
            assertThat(v.evidence()).hasSize(6);
            assertThat(v.caption()).contains("6 persons");
        });
        // the count window (1 s) keeps the count up for one frame after it falls: 3 counted from 10.5 s, 2 s later
        assertThat(close).singleElement().satisfies(v -> {
            assertThat(at(v)).isEqualTo(12.5);
            assertThat(v.situation()).isEqualTo(open.getFirst().situation());
        });
        assertThat(seen.get(3)).as("one frame after 5 persons, 3 seen: the window still counts 5").isEqualTo(5);
        assertThat(seen.get(4)).isEqualTo(3);
    }

    @Test
    void personsOutsideTheZoneWeakDetectionsAndOtherClassesDoNotCount() {
        CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
        List<Detection> frame = new ArrayList<>(persons(3, 10));
        frame.addAll(persons(4, 260)); // ground points in the right half
        frame.add(new Detection(new BoundingBox(50, 200, 60, 240), CocoClasses.PERSON, "person", 0.3)); // a pole
        frame.add(new Detection(new BoundingBox(80, 200, 120, 240), CocoClasses.CAR, "car", 0.9));
        TrackedObject track = new TrackedObject(42, new BoundingBox(10, 100, 20, 140), CocoClasses.PERSON, "person",
                0.8, 0.8, true);
        Zone three = new Zone("left", "cam", "left half", ZoneKind.CROWD, LEFT.polygon(), Duration.ofSeconds(2), null,
                null, new RuleParameters(3, null, null, null, null, null, null, null, null));
        CrowdRule.Result r = rule.evaluate(T0, frame, List.of(track), List.of(three), W, H);
        assertThat(r.counts()).containsEntry("left", 3);
        CrowdRule.Result again = rule.evaluate(T0.plusSeconds(2), frame, List.of(track), List.of(three), W, H);
        assertThat(again.counts()).containsEntry("left", 3);
        // counted persons carry the id of the track on their box; persons seen for the first time have none yet
        assertThat(again.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(RuleVerdict.Kind.OPEN);
            assertThat(v.objects()).extracting(o -> o.trackId()).containsExactly(42L, -1L, -1L);
            assertThat(v.confidence()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
        });
    }

    @Test
    void aDensityThresholdUsesTheCalibratedArea() {
        Zone dense = new Zone("plaza", "cam", "plaza", ZoneKind.CROWD, Polygon.of(0, 0, 1, 0, 1, 1, 0, 1),
                Duration.ofSeconds(1), null, null, new RuleParameters(null, 20.0, 0.5, null, null, null, null, null, null));
        assertThat(new CrowdRule(CrowdSettings.defaults()).threshold(dense)).isEqualTo(10);
        assertThat(new CrowdRule(CrowdSettings.defaults()).threshold(LEFT)).isEqualTo(5);
    }

    @Test
    void gatheringFastOpensTheCrowdEventEarlyAndFlagsAnOpenOne() {
        Zone rising = new Zone("gate", "cam", "gate", ZoneKind.CROWD, Polygon.of(0, 0, 0.5, 0, 0.5, 1, 0, 1),
                Duration.ofSeconds(10), null, null, new RuleParameters(8, null, null, 3, 4, null, null, null, null));
        CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
        // 1 → 4 persons within 2 s: a rise of 3 within 4 s, far below the threshold of 8
        int[] counts = {1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8};
        List<RuleVerdict> verdicts = feed(rule, rising, counts, new ArrayList<>());
        List<RuleVerdict> open = verdicts.stream().filter(v -> v.kind() == RuleVerdict.Kind.OPEN).toList();
        assertThat(open).singleElement().satisfies(v -> {
            assertThat(at(v)).isEqualTo(2.5);
            assertThat(v.caption()).startsWith("gathering fast: 1 to 4 persons");
        });
        // 4 → 8 at 9 s: a second rise, while the event is open: an update with the flag, not a second event
        assertThat(verdicts).filteredOn(v -> v.kind() == RuleVerdict.Kind.UPDATE && v.caption() != null)
                .singleElement().satisfies(v -> {
                    assertThat(v.caption()).startsWith("gathering fast: 4 to 8 persons");
                    assertThat(v.situation()).isEqualTo(open.getFirst().situation());
                });
    }

    @Test
    void removingTheZoneClosesItsEvent() {
        CrowdRule rule = new CrowdRule(CrowdSettings.defaults());
        List<RuleVerdict> verdicts = feed(rule, LEFT, new int[]{6, 6, 6, 6, 6, 6}, new ArrayList<>());
        assertThat(verdicts).anyMatch(v -> v.kind() == RuleVerdict.Kind.OPEN);
        CrowdRule.Result r = rule.evaluate(T0.plusSeconds(10), persons(6, 10), List.of(), List.of(), W, H);
        assertThat(r.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(RuleVerdict.Kind.CLOSE);
            assertThat(v.zone().id()).isEqualTo("left");
        });
        assertThat(r.counts()).isEmpty();
    }
}
