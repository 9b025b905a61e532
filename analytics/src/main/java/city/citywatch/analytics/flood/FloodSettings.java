package city.citywatch.analytics.flood;

import java.time.Duration;

/**
 * @param waterThreshold     cell probability from which the model calls a cell water
 * @param defaultFraction    zone water fraction that is a flood when the zone sets no {@code params.waterFraction}
 * @param closeRatio         hysteresis: the event closes once the fraction stays below {@code closeRatio} × threshold
 * @param closeHold          ... for this long
 * @param referenceAlpha     how fast the dry reference follows slow changes (per analysed frame) while no flood is seen
 * @param textureLoss        a cell whose texture fell below this share of its dry reference counts as covered
 * @param updateInterval     at most one UPDATED per event in this interval
 */
public record FloodSettings(float waterThreshold, double defaultFraction, double closeRatio, Duration closeHold,
                            float referenceAlpha, float textureLoss, Duration updateInterval) {
    public static FloodSettings defaults() {
        return new FloodSettings(0.45f, 0.3, 0.6, Duration.ofSeconds(30), 0.02f, 0.5f, Duration.ofSeconds(30));
    }
}
