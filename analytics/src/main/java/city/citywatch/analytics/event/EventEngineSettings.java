package city.citywatch.analytics.event;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * @param preRoll        clip starts this long before the event opens (from ingest's ring buffer)
 * @param postRoll       clip ends this long after it opens
 * @param updateInterval at most one UPDATED change per event per this interval (consumers need liveness, not
 *                       every frame)
 * @param resumeWindow   how long after (re)start an event left open by the previous run may be continued by the
 *                       vehicle found again; must exceed the zones' dwell, since the rule only re-finds a vehicle
 *                       once it has been still for the dwell time
 * @param resumeMinIou   how much the re-found vehicle's box must overlap the event's last box to continue it
 */
public record EventEngineSettings(Duration preRoll, Duration postRoll, Duration updateInterval, Duration resumeWindow,
                                  double resumeMinIou) {
    public EventEngineSettings {
        if (preRoll == null || preRoll.isNegative()) {
            throw new ValidationException("events.preRoll", "must be >= 0, got " + preRoll);
        }
        if (postRoll == null || postRoll.isNegative()) {
            throw new ValidationException("events.postRoll", "must be >= 0, got " + postRoll);
        }
        if (updateInterval == null || updateInterval.isNegative() || updateInterval.isZero()) {
            throw new ValidationException("events.updateInterval", "must be > 0, got " + updateInterval);
        }
        if (resumeWindow == null || resumeWindow.isNegative()) {
            throw new ValidationException("events.resumeWindow", "must be >= 0, got " + resumeWindow);
        }
        if (!(resumeMinIou > 0 && resumeMinIou <= 1)) {
            throw new ValidationException("events.resumeMinIou", "must be in (0, 1], got " + resumeMinIou);
        }
    }

    public EventEngineSettings(Duration preRoll, Duration postRoll, Duration updateInterval) {
        this(preRoll, postRoll, updateInterval, Duration.ofMinutes(3), 0.3);
    }

    public static EventEngineSettings defaults() {
        return new EventEngineSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
