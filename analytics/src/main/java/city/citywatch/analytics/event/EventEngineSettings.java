package city.citywatch.analytics.event;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * @param preRoll        clip starts this long before the event opens (from ingest's ring buffer)
 * @param postRoll       clip ends this long after it opens
 * @param updateInterval at most one UPDATED change per event per this interval (consumers need liveness, not
 *                       every frame)
 */
public record EventEngineSettings(Duration preRoll, Duration postRoll, Duration updateInterval) {
    public EventEngineSettings {
        if (preRoll == null || preRoll.isNegative()) throw new ValidationException("events.preRoll", "must be >= 0");
        if (postRoll == null || postRoll.isNegative()) throw new ValidationException("events.postRoll", "must be >= 0");
        if (updateInterval == null || updateInterval.isNegative() || updateInterval.isZero()) {
            throw new ValidationException("events.updateInterval", "must be > 0");
        }
    }

    public static EventEngineSettings defaults() {
        return new EventEngineSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
