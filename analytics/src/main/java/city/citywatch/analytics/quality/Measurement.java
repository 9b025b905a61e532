package city.citywatch.analytics.quality;

import java.util.Locale;

/**
 * One finding's measure in one check.
 *
 * @param value     what was measured (units per finding: luma levels, a share, a ratio, a correlation)
 * @param threshold the configured limit it was compared with
 * @param bad       whether the value is on the wrong side of the limit
 */
public record Measurement(Finding finding, double value, double threshold, boolean bad) {

    /** For logs and event notes: what was measured against what, in words an operator can check. */
    public String describe() {
        String what = switch (finding) {
            case SIGNAL_LOST -> "picture variation (luma/chroma std dev) %.2f, uniform at <= %.2f";
            case COVERED -> "flat share of the picture %.2f, covered at >= %.2f";
            case TOO_DARK -> "mean luma %.1f, too dark below %.1f";
            case TOO_BRIGHT -> "mean luma %.1f, too bright above %.1f";
            case FROZEN -> "share of pixels changed since the last check %.5f, frozen at <= %.5f";
            case BLUR -> "sharpness %.2f of the camera's reference, blurred below %.2f";
            case COLOUR_CAST -> "chroma offset from neutral %.1f, colour cast above %.1f";
            case SCENE_CHANGED -> "edge correlation with the reference view %.2f, moved below %.2f";
        };
        return finding.wireName() + ": " + String.format(Locale.ROOT, what, value, threshold);
    }
}
