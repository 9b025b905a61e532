package city.citywatch.analytics.quality;

import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * Thresholds of the video-quality diagnosis ({@code quality.*} in the configuration). Luma values are 0..255
 * (BT.601), measured on a copy of the frame scaled to {@code analysisWidth}.
 *
 * @param checkInterval        time between two checks of one camera (frame time)
 * @param raiseAfter           consecutive bad checks before a finding is raised (a passing bus is not a covered lens)
 * @param clearAfter           consecutive good checks before a raised finding clears (hysteresis)
 * @param analysisWidth        width of the scaled copy the statistics are computed on
 * @param signalLostMaxStdDev  a picture whose luma and chroma vary less than this is a uniform "no signal" screen
 * @param coveredMinFlatShare  share of the picture's tiles that are flat (no texture) above which the lens is covered
 * @param darkMaxMeanLuma      mean luma below this is too dark
 * @param brightMinMeanLuma    mean luma above this is too bright (overexposed)
 * @param frozenMaxChangedShare share of pixels changed since the previous check at or below which the picture is frozen
 * @param blurMinSharpnessRatio sharpness (Laplacian variance over luma variance) below this share of the camera's
 *                             reference is blur
 * @param castMinChroma        distance of the mean chroma (Cb, Cr) from neutral above which the picture has a colour cast
 * @param sceneMinCorrelation  correlation of the edge map with the reference below which the scene has changed
 * @param referenceChecks      good checks that set a camera's references (sharpness, edge map) before blur and scene
 *                             change are judged
 */
public record QualitySettings(boolean enabled, Duration checkInterval, int raiseAfter, int clearAfter, int analysisWidth,
                              double signalLostMaxStdDev, double coveredMinFlatShare, double darkMaxMeanLuma,
                              double brightMinMeanLuma, double frozenMaxChangedShare, double blurMinSharpnessRatio,
                              double castMinChroma, double sceneMinCorrelation, int referenceChecks) {
    public QualitySettings {
        if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new ValidationException("quality.checkIntervalSeconds", "must be > 0, got " + checkInterval);
        }
        positive("quality.raiseAfter", raiseAfter);
        positive("quality.clearAfter", clearAfter);
        positive("quality.referenceChecks", referenceChecks);
        if (analysisWidth < 64 || analysisWidth > 1280) {
            throw new ValidationException("quality.analysisWidth", "must be in [64, 1280], got " + analysisWidth);
        }
        range("quality.signalLostMaxStdDev", signalLostMaxStdDev, 0, 64);
        range("quality.coveredMinFlatShare", coveredMinFlatShare, 0.01, 1);
        range("quality.darkMaxMeanLuma", darkMaxMeanLuma, 0, 255);
        range("quality.brightMinMeanLuma", brightMinMeanLuma, 0, 255);
        if (darkMaxMeanLuma >= brightMinMeanLuma) {
            throw new ValidationException("quality.darkMaxMeanLuma", "must be below quality.brightMinMeanLuma ("
                    + brightMinMeanLuma + "), got " + darkMaxMeanLuma);
        }
        range("quality.frozenMaxChangedShare", frozenMaxChangedShare, 0, 0.5);
        range("quality.blurMinSharpnessRatio", blurMinSharpnessRatio, 0.01, 1);
        range("quality.castMinChroma", castMinChroma, 1, 128);
        range("quality.sceneMinCorrelation", sceneMinCorrelation, 0.01, 1);
    }

    private static void positive(String field, int v) {
        if (v < 1) throw new ValidationException(field, "must be >= 1, got " + v);
    }

    private static void range(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new ValidationException(field, "must be in [" + min + ", " + max + "], got " + v);
        }
    }

    public static QualitySettings defaults() {
        return new QualitySettings(true, Duration.ofSeconds(5), 3, 3, 320, 3.0, 0.75, 35, 220, 0.00002, 0.3, 25, 0.5, 3);
    }

    /** From the node's configuration ({@code quality.*}, already range-checked by the loader). */
    public static QualitySettings of(CityWatchConfig.Quality q) {
        QualitySettings d = defaults();
        return new QualitySettings(q.enabled(), Duration.ofSeconds(q.checkIntervalSeconds()), q.raiseAfter(),
                q.clearAfter(), d.analysisWidth(), q.signalLostMaxStdDev(), q.coveredMinFlatShare(), q.darkMaxMeanLuma(),
                q.brightMinMeanLuma(), q.frozenMaxChangedShare(), q.blurMinSharpnessRatio(), q.castMinChroma(),
                q.sceneMinCorrelation(), d.referenceChecks());
    }

    public QualitySettings withCheckInterval(Duration interval) {
        return new QualitySettings(enabled, interval, raiseAfter, clearAfter, analysisWidth, signalLostMaxStdDev,
                coveredMinFlatShare, darkMaxMeanLuma, brightMinMeanLuma, frozenMaxChangedShare, blurMinSharpnessRatio,
                castMinChroma, sceneMinCorrelation, referenceChecks);
    }

    /** Frames per second the diagnosis needs from a camera (0 when disabled). */
    public double requiredFps() {
        return enabled ? 1000.0 / checkInterval.toMillis() : 0;
    }
}
