package city.citywatch.core.sensor;

import city.citywatch.core.validation.ValidationException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a sensor measures. The wire name is the lower-case form used in config, readings and events. */
public enum SensorKind {
    /** depth of standing water at the gauge */
    WATER_LEVEL,
    /** rainfall rate */
    RAIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static SensorKind parse(String s) {
        for (SensorKind k : values()) if (k.wireName().equals(s)) return k;
        throw new ValidationException("kind", "unknown sensor kind '" + s + "', allowed: water_level, rain");
    }
}
