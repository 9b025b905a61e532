package city.citywatch.core.zone;

import city.citywatch.core.event.Severity;
import city.citywatch.core.validation.ValidationException;

import java.time.Duration;
import java.util.Objects;

/**
 * A polygon on one camera's image with the rule it carries and that rule's parameters.
 *
 * @param dwell      how long an object must stay before the rule fires (no-parking: vehicle dwell)
 * @param department who must act on events from this zone; routes them to {@code citywatch.dispatch.<department>}
 * @param params     the rule's own parameters (crowd threshold, linked gauges...), only those of {@code kind} are read
 */
public record Zone(String id, String cameraId, String name, ZoneKind kind, Polygon polygon,
                   Duration dwell, Severity severity, String department, RuleParameters params) {

    /** A zone whose rule needs no parameters beyond dwell, severity and department. */
    public Zone(String id, String cameraId, String name, ZoneKind kind, Polygon polygon,
                Duration dwell, Severity severity, String department) {
        this(id, cameraId, name, kind, polygon, dwell, severity, department, RuleParameters.NONE);
    }

    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(polygon, "polygon");
        if (dwell == null) dwell = Duration.ofSeconds(60);
        if (dwell.isNegative() || dwell.isZero()) {
            throw new ValidationException("dwellSeconds", "must be > 0, got " + dwell.toSeconds());
        }
        if (severity == null) severity = Severity.MEDIUM;
        if (department == null || department.isBlank()) department = "city-management";
        if (!department.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new ValidationException("department",
                    "must be lower-case letters, digits and '-' (it names a Kafka topic), got '" + department + "'");
        }
        if (name == null || name.isBlank()) name = id;
        if (params == null) params = RuleParameters.NONE;
    }
}
