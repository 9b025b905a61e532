package city.citywatch.analytics.background;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * Parameters of the {@link DualBackground} model.
 *
 * @param cellsAcross     the frame is averaged down to about this many cells across (a 720 px frame: 4 px cells);
 *                        coarser = cheaper and less noise, finer = smaller objects
 * @param fastTime        time constant of the fast model: an object that stops is absorbed after about this long
 * @param slowTime        time constant of the slow model where it sees background
 * @param learnTime       after start (or a sudden global change) the slow model learns everywhere at the fast rate
 *                        for this long and reports nothing: what stood in the first frame must not become a ghost
 * @param absorbAfter     static foreground older than this joins the slow model (a new permanent fixture), unless
 *                        a rule pins it (an open debris event)
 * @param threshold       colour distance (0..255 grey levels, after illumination normalisation) that is foreground
 * @param suddenChange    share of the picture turning foreground at once that is a global change (lights switched,
 *                        camera iris, cloud): the models re-learn instead of reporting it
 */
public record BackgroundSettings(int cellsAcross, Duration fastTime, Duration slowTime, Duration learnTime,
                                 Duration absorbAfter, double threshold, double suddenChange) {
    public BackgroundSettings {
        if (cellsAcross < 16 || cellsAcross > 1024) {
            throw new ValidationException("background.cellsAcross", "must be in 16..1024, got " + cellsAcross);
        }
        positive("background.fastTime", fastTime);
        positive("background.slowTime", slowTime);
        positive("background.learnTime", learnTime);
        positive("background.absorbAfter", absorbAfter);
        if (slowTime.compareTo(fastTime) <= 0) {
            throw new ValidationException("background.slowTime", "must be longer than fastTime (" + fastTime + "), got "
                    + slowTime);
        }
        if (!(threshold > 0 && threshold < 255)) {
            throw new ValidationException("background.threshold", "must be in (0, 255), got " + threshold);
        }
        if (!(suddenChange > 0 && suddenChange <= 1)) {
            throw new ValidationException("background.suddenChange", "must be in (0, 1], got " + suddenChange);
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new ValidationException(key, "must be > 0, got " + d);
    }

    public static BackgroundSettings defaults() {
        return new BackgroundSettings(180, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(8),
                Duration.ofMinutes(10), 22, 0.45);
    }
}
