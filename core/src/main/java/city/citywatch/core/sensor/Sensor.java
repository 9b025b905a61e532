package city.citywatch.core.sensor;

import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A water-level or rain gauge that publishes its readings over MQTT.
 *
 * @param topic     MQTT topic its readings arrive on (no wildcards: one topic names one gauge)
 * @param unit      unit of its values: {@code cm} for water level, {@code mm/h} for rain
 * @param threshold water level: depth that is a flood on its own (raises an event even where no camera sees it);
 *                  rain: rate that makes the cameras of the zones linked to this gauge analyse faster
 */
public record Sensor(String id, String name, SensorKind kind, String topic, String unit, GeoLocation location,
                     double threshold) {
    /** Also the sensor part of an event's source {@code /sensors/<id>}: no ':' or '/'. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,55}");

    public Sensor {
        Objects.requireNonNull(kind, "kind");
        if (id == null || !ID.matcher(id).matches()) {
            throw new ValidationException("id", "must be 1-56 letters, digits, '_' or '-' starting with a letter or "
                    + "digit, got '" + id + "'");
        }
        if (topic == null || topic.isBlank() || topic.contains("+") || topic.contains("#")) {
            throw new ValidationException("topic", "must be an MQTT topic without wildcards ('+', '#'), got '" + topic + "'");
        }
        String expected = defaultUnit(kind);
        if (unit == null) unit = expected;
        if (!unit.equals(expected)) {
            throw new ValidationException("unit", "must be '" + expected + "' for a " + kind.wireName()
                    + " sensor (readings are stored and compared in it), got '" + unit + "'");
        }
        if (!(threshold > 0 && threshold <= (kind == SensorKind.RAIN ? 500 : 1000))) {
            throw new ValidationException("threshold", "must be > 0 and <= " + (kind == SensorKind.RAIN ? 500 : 1000)
                    + " " + unit + ", got " + threshold);
        }
        if (name == null || name.isBlank()) name = id;
    }

    public static String defaultUnit(SensorKind kind) {
        return kind == SensorKind.RAIN ? "mm/h" : "cm";
    }
}
