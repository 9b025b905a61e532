package city.citywatch.core.event;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A change that is recorded and published. The first three come from the detection lifecycle, the
 * others from people working the event. The wire name is the last part of the CloudEvent type.
 */
public enum Transition {
    OPENED, UPDATED, CLOSED, ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_ALARM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}
