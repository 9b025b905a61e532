package city.citywatch.analytics.flood;

import java.util.Objects;

/**
 * What every camera's flood rule shares: the trained water model, the gauges' latest readings, the rule's settings
 * and the analysis rate of a flood-watch camera while a rain gauge linked to it is over its threshold.
 */
public record FloodAnalysis(WaterModel model, GaugeReadings gauges, FloodSettings settings, double rainFps) {
    public FloodAnalysis {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(gauges, "gauges");
        Objects.requireNonNull(settings, "settings");
    }
}
