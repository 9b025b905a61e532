package city.citywatch.analytics.flood;

import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest reading of every configured gauge. The sensor layer writes it (one writer), the flood rules of all
 * cameras read it. A reading older than {@code maxAge} no longer counts: a silent gauge must not keep a flood open
 * (or keep cameras at the rain rate) for ever.
 */
public final class GaugeReadings {
    private final Map<String, Sensor> sensors = new LinkedHashMap<>();
    private final Map<String, SensorReading> latest = new ConcurrentHashMap<>();
    private final Duration maxAge;

    public GaugeReadings(List<Sensor> sensors, Duration maxAge) {
        sensors.forEach(s -> this.sensors.put(s.id(), s));
        this.maxAge = maxAge;
    }

    /** Keeps the reading if it is newer than the one held (QoS 1 redeliveries and late gauges arrive out of order). */
    public void update(SensorReading r) {
        if (!sensors.containsKey(r.sensorId())) return;
        latest.merge(r.sensorId(), r, (old, neu) -> neu.measuredAt().isBefore(old.measuredAt()) ? old : neu);
    }

    public Optional<Sensor> sensor(String id) {
        return Optional.ofNullable(sensors.get(id));
    }

    public List<Sensor> sensors() {
        return List.copyOf(sensors.values());
    }

    /** The gauge's latest reading if it is fresh at {@code now}. */
    public Optional<SensorReading> fresh(String id, Instant now) {
        SensorReading r = latest.get(id);
        if (r == null || Duration.between(r.receivedAt(), now).compareTo(maxAge) > 0) return Optional.empty();
        return Optional.of(r);
    }

    /** Fresh water-level readings of the given gauges, with their thresholds. */
    public List<GaugeLevel> levels(List<String> gaugeIds, Instant now) {
        List<GaugeLevel> out = new ArrayList<>();
        if (gaugeIds == null) return out;
        for (String id : gaugeIds) {
            Sensor s = sensors.get(id);
            if (s == null || s.kind() != SensorKind.WATER_LEVEL) continue;
            fresh(id, now).ifPresent(r -> out.add(new GaugeLevel(s, r)));
        }
        return out;
    }

    /** True when a fresh rain reading of one of the gauges is at or over its threshold. */
    public boolean raining(List<String> gaugeIds, Instant now) {
        if (gaugeIds == null) return false;
        for (String id : gaugeIds) {
            Sensor s = sensors.get(id);
            if (s == null || s.kind() != SensorKind.RAIN) continue;
            Optional<SensorReading> r = fresh(id, now);
            if (r.isPresent() && r.get().value() >= s.threshold()) return true;
        }
        return false;
    }

    /** A water-level gauge with its reading; {@link #ratio()} = depth / flood threshold. */
    public record GaugeLevel(Sensor sensor, SensorReading reading) {
        public double ratio() {
            return reading.value() / sensor.threshold();
        }
    }
}
