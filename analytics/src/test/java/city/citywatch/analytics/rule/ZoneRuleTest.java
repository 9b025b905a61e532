package city.citywatch.analytics.rule;

import city.citywatch.analytics.crowd.CrowdRule;
import city.citywatch.analytics.crowd.CrowdSettings;
import city.citywatch.analytics.parking.ParkingRule;
import city.citywatch.analytics.parking.ParkingSettings;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A camera decodes at the highest rate among the rules of its zones, and only for rules it has zones of. */
class ZoneRuleTest {
    private static final Polygon SQUARE = new Polygon(List.of(new Point(0.1, 0.1), new Point(0.9, 0.1),
            new Point(0.9, 0.9), new Point(0.1, 0.9)));

    private static Zone zone(String id, ZoneKind kind) {
        return new Zone(id, "cam", id, kind, SQUARE, Duration.ofSeconds(10), null, null);
    }

    @Test
    void theCameraNeedsTheHighestRateOfTheRulesItHasZonesFor() {
        ParkingRule parking = new ParkingRule(ParkingSettings.defaults());
        CrowdRule crowd = new CrowdRule(CrowdSettings.defaults());
        List<ZoneRule> rules = List.of(parking, crowd);
        assertThat(crowd.framesPerSecond()).isEqualTo(2.0);
        assertThat(parking.framesPerSecond()).isEqualTo(1.0);
        assertThat(ZoneRule.requiredFps(rules, List.of())).isZero();
        assertThat(ZoneRule.requiredFps(rules, List.of(zone("road", ZoneKind.ROADWAY)))).isZero();
        assertThat(ZoneRule.requiredFps(rules, List.of(zone("kerb", ZoneKind.NO_PARKING)))).isEqualTo(1.0);
        assertThat(ZoneRule.requiredFps(rules, List.of(zone("kerb", ZoneKind.NO_PARKING), zone("square", ZoneKind.CROWD))))
                .isEqualTo(2.0);
    }
}
