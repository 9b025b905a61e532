package city.citywatch.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import city.citywatch.core.validation.ValidationException;

/** What kind of situation an event reports; the wire name appears in the CloudEvent type. */
public enum EventKind {
    ILLEGAL_PARKING, DEBRIS, CROWD, FLOODING, CAMERA_HEALTH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static EventKind parse(String s) {
        for (EventKind k : values()) if (k.wireName().equals(s)) return k;
        throw new ValidationException("kind", "unknown event kind '" + s
                + "', allowed: illegal_parking, debris, crowd, flooding, camera_health");
    }
}
