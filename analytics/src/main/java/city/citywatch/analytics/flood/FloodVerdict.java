package city.citywatch.analytics.flood;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.Severity;
import city.citywatch.core.zone.Zone;

import java.time.Instant;
import java.util.List;

/**
 * What the flood rule decided for one flood-watch zone on one frame.
 *
 * @param fraction    share of the zone's cells under water
 * @param threshold   the zone's water fraction that makes a flood
 * @param heldSeconds how long the fraction has stayed at or over the threshold
 * @param gauges      fresh readings of the water-level gauges linked to the zone
 * @param zoneBox     the zone's bounding box in source pixels
 * @param waterCells  per grid cell of {@link WaterFeatures}: water inside the zone (for the snapshot)
 */
public record FloodVerdict(Kind kind, Zone zone, Instant at, double fraction, double threshold, double heldSeconds,
                           List<GaugeReadings.GaugeLevel> gauges, Severity severity, double confidence,
                           BoundingBox zoneBox, boolean[] waterCells) {
    public enum Kind { OPEN, UPDATE, CLOSE }

    public double gaugeRatio() {
        return gauges.stream().mapToDouble(GaugeReadings.GaugeLevel::ratio).max().orElse(0);
    }
}
