package city.citywatch.analytics.detect;

import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * How {@link BatchingDetector} gathers frames of several cameras into one detector call.
 *
 * @param maxBatch most frames in one call
 * @param maxWait  longest a frame waits for others to join its call (added latency when few cameras are busy)
 * @param workers  calls running at once, each on its own thread with its own inference session
 */
public record BatchSettings(int maxBatch, Duration maxWait, int workers) {
    public BatchSettings {
        if (maxBatch < 1 || maxBatch > 64) {
            throw new ValidationException("detectorBatch.maxBatch", "must be in [1, 64], got " + maxBatch);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ValidationException("detectorBatch.maxWaitMillis", "must be in [0, 1000], got " + maxWait);
        }
        if (workers < 1 || workers > 256) {
            throw new ValidationException("detectorBatch.workers", "must be in [1, 256], got " + workers);
        }
    }

    /** Batches of up to 4 frames waiting at most 5 ms, one worker per core. */
    public static BatchSettings defaults() {
        return new BatchSettings(4, Duration.ofMillis(5), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** From the node's configuration ({@code detectorBatch.*}). */
    public static BatchSettings of(CityWatchConfig.DetectorBatch b) {
        return new BatchSettings(b.maxBatch(), Duration.ofMillis(b.maxWaitMillis()), b.workers());
    }

    /** Frames that can be in the detector at once: callers beyond this wait in the queue. */
    public int capacity() {
        return maxBatch * workers;
    }
}
