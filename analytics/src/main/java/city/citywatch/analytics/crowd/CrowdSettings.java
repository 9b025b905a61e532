package city.citywatch.analytics.crowd;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * Crowd rule parameters that zones do not carry (a zone carries its threshold, density, rise trigger and dwell =
 * sustain time).
 *
 * @param defaultThreshold persons that make a crowd in a zone that sets neither countThreshold nor a density
 * @param releaseMargin    hysteresis: an open event closes once the count has stayed below threshold minus this
 *                         margin ...
 * @param releaseAfter     ... for this long (also the sustain time a closing needs: a moment's occlusion does not
 *                         end a crowd)
 * @param countWindow      the count is the most persons seen in one frame within this window: the detector misses
 *                         a person hidden behind another for a frame, a crowd does not shrink for that
 * @param minPersonScore   a person counts when its detection in this frame scores at least this: far above the tracker's thresholds, which keep weak boxes to hold
 *                         tracks; on PETS2009 poles and bins score up to 0.4 as persons, real persons 0.5-0.9
 * @param fps              frames per second the rule needs
 */
public record CrowdSettings(int defaultThreshold, int releaseMargin, Duration releaseAfter, Duration countWindow,
                            double minPersonScore, double fps) {
    public CrowdSettings {
        if (defaultThreshold < 1) {
            throw new ValidationException("crowd.defaultThreshold", "must be >= 1, got " + defaultThreshold);
        }
        if (releaseMargin < 0) throw new ValidationException("crowd.releaseMargin", "must be >= 0, got " + releaseMargin);
        if (releaseAfter == null || releaseAfter.isNegative()) {
            throw new ValidationException("crowd.releaseAfter", "must be >= 0, got " + releaseAfter);
        }
        if (countWindow == null || countWindow.isNegative()) {
            throw new ValidationException("crowd.countWindow", "must be >= 0, got " + countWindow);
        }
        if (!(minPersonScore > 0 && minPersonScore < 1)) {
            throw new ValidationException("crowd.minPersonScore", "must be in (0, 1), got " + minPersonScore);
        }
        if (!(fps > 0 && fps <= 30)) throw new ValidationException("crowd.fps", "must be in (0, 30], got " + fps);
    }

    public static CrowdSettings defaults() {
        return new CrowdSettings(10, 1, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5, 2.0);
    }
}
