package city.citywatch.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import city.citywatch.core.validation.ValidationException;

/**
 * Where an event stands in the officers' workflow: OPEN → ACKNOWLEDGED → DISPATCHED → RESOLVED, or
 * FALSE_ALARM from any open state. Independent of whether the situation itself is still going on
 * ({@link Event#endedAt()}).
 */
public enum EventState {
    OPEN, ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_ALARM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    public boolean isTerminal() {
        return this == RESOLVED || this == FALSE_ALARM;
    }

    @JsonCreator
    public static EventState parse(String s) {
        for (EventState k : values()) if (k.wireName().equals(s)) return k;
        throw new ValidationException("state", "unknown state '" + s
                + "', allowed: open, acknowledged, dispatched, resolved, false_alarm");
    }
}
