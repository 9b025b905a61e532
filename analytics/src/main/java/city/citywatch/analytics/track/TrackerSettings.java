package city.citywatch.analytics.track;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * ByteTrack-style tracker parameters. Times are in seconds of frame time, so the same settings work at 1 frame/s
 * (live parking analysis) and at 10 frames/s (benchmark replay).
 *
 * @param highScore            detections at or above this are matched first and may start tracks
 * @param lowScore             detections between this and {@code highScore} only keep existing tracks alive
 * @param matchIou             minimum IoU of a detection with a moving track's predicted box
 * @param stationaryMatchIou   minimum IoU with a stationary track's box: higher, so a vehicle passing in front of
 *                             a parked one does not take over its track
 * @param minHits              matched frames before a track is confirmed
 * @param maxLost              how long a moving track survives without a match
 * @param stationaryMaxLost    how long a stationary track survives without a match (hidden by passing traffic)
 * @param minAppearance        minimum colour-histogram similarity (Bhattacharyya coefficient, 0..1) for a lost
 *                             track to be re-associated; ignored when no frame pixels are available
 * @param stillTolerance       a track is still while its centre stays within this fraction of its box size
 * @param minStill             a track is stationary once still for this long (over two or more observations)
 */
public record TrackerSettings(double highScore, double lowScore, double matchIou, double stationaryMatchIou,
                              int minHits, Duration maxLost, Duration stationaryMaxLost, double minAppearance,
                              double stillTolerance, Duration minStill) {
    public TrackerSettings {
        if (!(highScore > 0 && highScore < 1)) {
            throw new ValidationException("tracker.highScore", "must be in (0, 1), got " + highScore);
        }
        if (!(lowScore > 0 && lowScore <= highScore)) {
            throw new ValidationException("tracker.lowScore", "must be in (0, highScore = " + highScore + "], got "
                    + lowScore);
        }
        if (!(matchIou > 0 && matchIou < 1)) {
            throw new ValidationException("tracker.matchIou", "must be in (0, 1), got " + matchIou);
        }
        if (!(stationaryMatchIou > 0 && stationaryMatchIou < 1)) {
            throw new ValidationException("tracker.stationaryMatchIou", "must be in (0, 1), got " + stationaryMatchIou);
        }
        if (minHits < 1) throw new ValidationException("tracker.minHits", "must be >= 1, got " + minHits);
        if (maxLost == null || maxLost.isNegative()) {
            throw new ValidationException("tracker.maxLost", "must be >= 0, got " + maxLost);
        }
        if (stationaryMaxLost == null || stationaryMaxLost.isNegative()) {
            throw new ValidationException("tracker.stationaryMaxLost", "must be >= 0, got " + stationaryMaxLost);
        }
        if (!(minAppearance >= 0 && minAppearance <= 1)) {
            throw new ValidationException("tracker.minAppearance", "must be in [0, 1], got " + minAppearance);
        }
        if (!(stillTolerance > 0)) throw new ValidationException("tracker.stillTolerance", "must be > 0, got " + stillTolerance);
        if (minStill == null || minStill.isNegative()) {
            throw new ValidationException("tracker.minStill", "must be >= 0, got " + minStill);
        }
    }

    public static TrackerSettings defaults() {
        return new TrackerSettings(0.15, 0.1, 0.2, 0.4, 2, Duration.ofSeconds(5), Duration.ofSeconds(60), 0.6, 0.2,
                Duration.ofSeconds(2));
    }
}
