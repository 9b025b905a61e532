package city.citywatch.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import city.citywatch.core.validation.ValidationException;

public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Severity parse(String s) {
        for (Severity v : values()) if (v.wireName().equals(s)) return v;
        throw new ValidationException("severity", "unknown severity '" + s + "', allowed: low, medium, high, critical");
    }
}
