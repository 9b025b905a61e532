package city.citywatch.storage.sensor;

import city.citywatch.core.event.EventTypes;
import city.citywatch.core.json.Json;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.storage.StorageException;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.outbox.NewOutboxMessage;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gauge readings: each is stored together with its outbox row for Kafka topic {@code citywatch.sensors}, in one
 * transaction, so a reading that is stored is also published (late if Kafka is down, never lost).
 */
public final class SensorReadingRepository {
    private final Database db;

    public SensorReadingRepository(Database db) {
        this.db = db;
    }

    /** Stores the reading and queues its CloudEvent; returns the CloudEvent id. */
    public UUID store(SensorReading r) {
        SensorReading stored = new SensorReading(r.sensorId(), r.kind(), r.value(), r.unit(),
                Jdbc.stored(r.measuredAt()), Jdbc.stored(r.receivedAt()));
        // The same reading delivered twice (MQTT QoS 1 is at least once) gets the same CloudEvent id.
        UUID ceId = UUID.nameUUIDFromBytes((stored.sensorId() + "|" + stored.measuredAt() + "|" + stored.value())
                .getBytes(StandardCharsets.UTF_8));
        byte[] payload;
        try {
            payload = Json.mapper().writeValueAsBytes(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading of " + r.sensorId() + " cannot be serialised", e);
        }
        return db.inTransaction("store reading of sensor " + r.sensorId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sensor_readings (sensor_id, kind, reading, unit, measured_at, received_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, stored.sensorId());
                ps.setString(2, stored.kind().wireName());
                ps.setDouble(3, stored.value());
                ps.setString(4, stored.unit());
                Jdbc.setInstant(ps, 5, stored.measuredAt());
                Jdbc.setInstant(ps, 6, stored.receivedAt());
                ps.executeUpdate();
            }
            JdbcOutboxStore.append(c, List.of(new NewOutboxMessage(ceId, EventTypes.SENSORS_TOPIC, stored.sensorId(),
                    EventTypes.SENSOR_READING_TYPE, EventTypes.sensorSource(stored.sensorId()), stored.sensorId(),
                    stored.measuredAt(), payload)));
            return ceId;
        });
    }

    /** The newest readings of a gauge, newest first. */
    public List<SensorReading> latest(String sensorId, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, got " + max);
        return db.read("read readings of sensor " + sensorId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT sensor_id, kind, reading, unit, measured_at, received_at FROM sensor_readings
                    WHERE sensor_id = ? ORDER BY measured_at DESC, id DESC LIMIT ?""")) {
                ps.setString(1, sensorId);
                ps.setInt(2, max);
                List<SensorReading> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SensorReading(rs.getString("sensor_id"), SensorKind.parse(rs.getString("kind")),
                                rs.getDouble("reading"), rs.getString("unit"), Jdbc.getInstant(rs, "measured_at"),
                                Jdbc.getInstant(rs, "received_at")));
                    }
                }
                return out;
            }
        });
    }
}
