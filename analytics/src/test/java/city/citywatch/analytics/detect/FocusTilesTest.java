package city.citywatch.analytics.detect;

import city.citywatch.analytics.testdata.DemoCamera;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FocusTilesTest {
    private static Zone zone(Polygon p) {
        return new Zone("z", "cam", "z", ZoneKind.NO_PARKING, p, Duration.ofSeconds(10), null, null);
    }

    @Test
    void theDemoShoulderZoneIsOneTileWithMargin() {
        List<BoundingBox> tiles = FocusTiles.plan(List.of(DemoCamera.shoulderZone(Duration.ofSeconds(10))), 640, 540,
                FocusSettings.defaults());
        assertThat(tiles).hasSize(1);
        BoundingBox t = tiles.getFirst();
        // zone x 325..384, y 194..243 px, grown by 32 px
        assertThat(t.x1()).isCloseTo(0.508 * 640 - 32, org.assertj.core.data.Offset.offset(0.01));
        assertThat(t.y2()).isCloseTo(0.45 * 540 + 32, org.assertj.core.data.Offset.offset(0.01));
        assertThat(t.width()).isLessThanOrEqualTo(128);
        assertThat(t.height()).isLessThanOrEqualTo(128);
    }

    @Test
    void aLargeZoneIsCoveredByOverlappingTilesNoMoreThanTheLimit() {
        Zone big = zone(Polygon.of(0.3, 0.3, 0.9, 0.3, 0.9, 0.95, 0.3, 0.95));
        FocusSettings s = new FocusSettings(true, 16, 128, 8);
        List<BoundingBox> tiles = FocusTiles.plan(List.of(big), 640, 540, s);
        assertThat(tiles).hasSizeLessThanOrEqualTo(8).hasSizeGreaterThan(1);
        double minX = tiles.stream().mapToDouble(BoundingBox::x1).min().orElseThrow();
        double maxX = tiles.stream().mapToDouble(BoundingBox::x2).max().orElseThrow();
        double maxY = tiles.stream().mapToDouble(BoundingBox::y2).max().orElseThrow();
        assertThat(minX).isCloseTo(0.3 * 640 - 16, org.assertj.core.data.Offset.offset(0.01));
        assertThat(maxX).isCloseTo(0.9 * 640 + 16, org.assertj.core.data.Offset.offset(0.01));
        assertThat(maxY).isCloseTo(0.95 * 540 + 16, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void noTilesWhenDisabledWithoutZonesOrForAWholeImageZone() {
        Zone whole = zone(Polygon.of(0, 0, 1, 0, 1, 1, 0, 1));
        assertThat(FocusTiles.plan(List.of(DemoCamera.shoulderZone(Duration.ofSeconds(5))), 640, 540, FocusSettings.off())).isEmpty();
        assertThat(FocusTiles.plan(List.of(), 640, 540, FocusSettings.defaults())).isEmpty();
        assertThat(FocusTiles.plan(List.of(whole), 640, 540, FocusSettings.defaults())).isEmpty();
    }
}
