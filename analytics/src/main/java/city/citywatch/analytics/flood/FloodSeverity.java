package city.citywatch.analytics.flood;

import city.citywatch.core.event.Severity;

/**
 * Severity of a flood from what the camera sees and what the gauges measure, each as a ratio to its own threshold
 * (water fraction / zone's waterFraction, depth / gauge threshold): the worse source sets the level (≥ 1 medium,
 * ≥ 2 high, ≥ 3 critical), and both sources over their thresholds raise it one step, because two independent
 * witnesses of the same flood make it both surer and, in practice, wider.
 */
public final class FloodSeverity {
    private FloodSeverity() {
    }

    public static Severity of(double videoRatio, double gaugeRatio) {
        double worst = Math.max(videoRatio, gaugeRatio);
        int level = worst >= 3 ? 3 : worst >= 2 ? 2 : worst >= 1 ? 1 : 0;
        if (videoRatio >= 1 && gaugeRatio >= 1) level = Math.min(3, level + 1);
        return Severity.values()[level];
    }
}
