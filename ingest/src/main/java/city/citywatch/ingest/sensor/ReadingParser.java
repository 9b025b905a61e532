package city.citywatch.ingest.sensor;

import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import city.citywatch.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads a gauge's MQTT payload. Two shapes are accepted, because field gauges differ in what they can send:
 * a bare number ({@code 12.5}) in the sensor's unit, or a JSON object
 * {@code {"value": 12.5, "unit": "cm", "measuredAt": "2026-07-01T08:00:00Z"}} where {@code unit} and
 * {@code measuredAt} may be left out. Anything else is refused with the reason.
 */
public final class ReadingParser {
    private static final Set<String> FIELDS = Set.of("value", "unit", "measuredAt");
    private static final int MAX_BYTES = 4096;
    /** A gauge clock this far ahead is wrong, and its readings would sort after everything real. */
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    private ReadingParser() {
    }

    public static SensorReading parse(Sensor sensor, byte[] payload, Instant receivedAt) throws BadReadingException {
        if (payload.length == 0) throw new BadReadingException("empty payload");
        if (payload.length > MAX_BYTES) {
            throw new BadReadingException("payload of " + payload.length + " bytes, a reading is at most " + MAX_BYTES);
        }
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadReadingException("not a number or a JSON object: '" + abbreviate(text) + "'");
        }
        double value;
        Instant measuredAt = receivedAt;
        if (root != null && root.isNumber()) {
            value = root.asDouble();
        } else if (root != null && root.isObject()) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) throw new BadReadingException("unknown field '" + f + "', allowed: value, unit, measuredAt");
            }
            JsonNode v = root.get("value");
            if (v == null || !v.isNumber()) {
                throw new BadReadingException("field 'value' must be a number, got " + (v == null ? "nothing" : v.toString()));
            }
            value = v.asDouble();
            JsonNode unit = root.get("unit");
            if (unit != null && !unit.asText().equals(sensor.unit())) {
                throw new BadReadingException("field 'unit' must be '" + sensor.unit() + "' for sensor " + sensor.id()
                        + ", got '" + unit.asText() + "'");
            }
            JsonNode at = root.get("measuredAt");
            if (at != null) {
                try {
                    measuredAt = Instant.parse(at.asText());
                } catch (DateTimeParseException e) {
                    throw new BadReadingException("field 'measuredAt' must be an ISO-8601 instant such as "
                            + "2026-07-01T08:00:00Z, got '" + abbreviate(at.asText()) + "'");
                }
                if (measuredAt.isAfter(receivedAt.plus(MAX_CLOCK_AHEAD))) {
                    throw new BadReadingException("field 'measuredAt' " + measuredAt + " is more than "
                            + MAX_CLOCK_AHEAD.toMinutes() + " min ahead of this node's clock (" + receivedAt + "): check the gauge's clock");
                }
            }
        } else {
            throw new BadReadingException("not a number or a JSON object: '" + abbreviate(text) + "'");
        }
        double max = sensor.kind() == SensorKind.RAIN ? 1000 : 10_000;
        if (!Double.isFinite(value) || value < 0 || value > max) {
            throw new BadReadingException("value must be between 0 and " + (long) max + " " + sensor.unit() + ", got " + value);
        }
        return new SensorReading(sensor.id(), sensor.kind(), value, sensor.unit(), measuredAt, receivedAt);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
