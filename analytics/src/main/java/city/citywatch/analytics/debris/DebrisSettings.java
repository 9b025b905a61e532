package city.citywatch.analytics.debris;

import city.citywatch.analytics.background.BackgroundSettings;
import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * Debris rule parameters that zones do not carry (a zone carries its dwell = persistence and its minimum size).
 *
 * @param background         the dual-rate background model
 * @param minObjectFraction  smallest object as a share of the zone's area in the image, for zones that set neither
 *                           {@code minObjectFraction} nor {@code minObjectSquareMetres}
 * @param maxObjectFraction  larger static changes are not one object (a re-surfaced lane, a parked bus's shadow)
 * @param vetoOverlap        overlap of a tracked person's or vehicle's box with a blob, as a share of the smaller of
 *                           the two, that vetoes the blob
 * @param clearFor           a blob must have been free of persons and vehicles this long before it opens an event
 * @param forgetAfter        a candidate not seen as static foreground this long is dropped (a passer-by hides an
 *                           object for a moment; the fast model needs a few seconds to re-absorb it)
 * @param removedFor         an event closes once the background has been back at the object's place this long
 * @param fps                frames per second the rule needs
 */
public record DebrisSettings(BackgroundSettings background, double minObjectFraction, double maxObjectFraction,
                             double vetoOverlap, Duration clearFor, Duration forgetAfter, Duration removedFor,
                             double fps) {
    public DebrisSettings {
        if (background == null) throw new ValidationException("debris.background", "is required");
        if (!(minObjectFraction > 0 && minObjectFraction < maxObjectFraction && maxObjectFraction <= 1)) {
            throw new ValidationException("debris.minObjectFraction",
                    "must satisfy 0 < minObjectFraction < maxObjectFraction <= 1, got " + minObjectFraction + " and "
                            + maxObjectFraction);
        }
        if (!(vetoOverlap > 0 && vetoOverlap <= 1)) {
            throw new ValidationException("debris.vetoOverlap", "must be in (0, 1], got " + vetoOverlap);
        }
        for (var e : new Object[][]{{"debris.clearFor", clearFor}, {"debris.forgetAfter", forgetAfter},
                {"debris.removedFor", removedFor}}) {
            Duration d = (Duration) e[1];
            if (d == null || d.isNegative()) throw new ValidationException((String) e[0], "must be >= 0, got " + d);
        }
        if (!(fps > 0 && fps <= 30)) throw new ValidationException("debris.fps", "must be in (0, 30], got " + fps);
    }

    public static DebrisSettings defaults() {
        return new DebrisSettings(BackgroundSettings.defaults(), 0.001, 0.2, 0.3, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 2.0);
    }
}
