package city.citywatch.core.sensor;

import java.time.Instant;
import java.util.Objects;

/**
 * One value a gauge reported.
 *
 * @param measuredAt when the gauge measured it (its own clock, or the arrival time when the payload has none)
 * @param receivedAt when CityWatch received it
 */
public record SensorReading(String sensorId, SensorKind kind, double value, String unit, Instant measuredAt,
                            Instant receivedAt) {
    public SensorReading {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
