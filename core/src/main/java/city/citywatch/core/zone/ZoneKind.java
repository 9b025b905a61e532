package city.citywatch.core.zone;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import city.citywatch.core.validation.ValidationException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which rule a zone carries. The wire name is the lower-case form used in the API and config. */
public enum ZoneKind {
    NO_PARKING, ROADWAY, WALKWAY, CROWD, FLOOD_WATCH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static ZoneKind parse(String s) {
        for (ZoneKind k : values()) if (k.wireName().equals(s)) return k;
        throw new ValidationException("kind", "unknown zone kind '" + s + "', allowed: "
                + Arrays.stream(values()).map(ZoneKind::wireName).collect(Collectors.joining(", ")));
    }
}
