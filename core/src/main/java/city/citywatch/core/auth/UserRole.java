package city.citywatch.core.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a signed-in user or service account may do (DESIGN.md, "Security"): {@code admin} everything;
 * {@code officer} reads cameras and events, works the alarms, edits zones, watches live pictures; {@code police}
 * reads cameras and events and watches live pictures and evidence (each view audited); {@code service} reads
 * events and the live stream.
 */
public enum UserRole {
    ADMIN, OFFICER, POLICE, SERVICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static UserRole parse(String s) {
        for (UserRole r : values()) if (r.wireName().equals(s)) return r;
        throw new IllegalArgumentException("allowed values are " + allowed() + "; got '" + s + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(UserRole::wireName).collect(Collectors.joining(", "));
    }
}
