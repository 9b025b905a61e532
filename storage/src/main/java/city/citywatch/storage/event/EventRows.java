package city.citywatch.storage.event;

import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.json.Json;
import city.citywatch.storage.db.Jdbc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Mapping between {@link Event} and a row of the {@code events} table. */
final class EventRows {
    static final String COLUMNS = "id, kind, state, severity, confidence, camera_id, camera_name, camera_lat, camera_lon, "
            + "camera_address, zone_id, department, started_at, ended_at, objects, evidence, updated_at, health";
    private static final TypeReference<List<EventObject>> OBJECTS = new TypeReference<>() {
    };

    private EventRows() {
    }

    /** The event as the database will give it back (instants at microsecond precision). */
    static Event normalise(Event e) {
        Evidence ev = e.evidence();
        Evidence evidence = ev == null ? null
                : new Evidence(ev.snapshotKey(), ev.clipKey(), Jdbc.stored(ev.clipFrom()), Jdbc.stored(ev.clipTo()));
        return new Event(e.id(), e.kind(), e.state(), e.severity(), e.confidence(), e.camera(), e.zoneId(), e.department(),
                Jdbc.stored(e.startedAt()), Jdbc.stored(e.endedAt()), e.objects(), evidence, Jdbc.stored(e.updatedAt()),
                e.health());
    }

    static void insert(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.setUuid(ps, 1, e.id());
            bindFields(ps, 2, e);
            ps.executeUpdate();
        }
    }

    static void update(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE events SET kind = ?, state = ?, severity = ?, confidence = ?, camera_id = ?, camera_name = ?,
                    camera_lat = ?, camera_lon = ?, camera_address = ?, zone_id = ?, department = ?, started_at = ?,
                    ended_at = ?, objects = ?, evidence = ?, updated_at = ?, health = ?
                WHERE id = ?""")) {
            int next = bindFields(ps, 1, e);
            Jdbc.setUuid(ps, next, e.id());
            ps.executeUpdate();
        }
    }

    /** Binds every column but id, from {@code first} on; returns the next free index. */
    private static int bindFields(PreparedStatement ps, int first, Event e) throws SQLException {
        int i = first;
        CameraRef cam = e.camera();
        GeoLocation loc = cam.location();
        ps.setString(i++, e.kind().wireName());
        ps.setString(i++, e.state().wireName());
        ps.setString(i++, e.severity().wireName());
        ps.setDouble(i++, e.confidence());
        ps.setString(i++, cam.id());
        ps.setString(i++, cam.name());
        Jdbc.setDouble(ps, i++, loc == null ? null : loc.lat());
        Jdbc.setDouble(ps, i++, loc == null ? null : loc.lon());
        ps.setString(i++, loc == null ? null : loc.address());
        ps.setString(i++, e.zoneId());
        ps.setString(i++, e.department());
        Jdbc.setInstant(ps, i++, e.startedAt());
        Jdbc.setInstant(ps, i++, e.endedAt());
        ps.setString(i++, json(e.objects()));
        ps.setString(i++, e.evidence() == null ? null : json(e.evidence()));
        Jdbc.setInstant(ps, i++, e.updatedAt());
        ps.setString(i++, e.health() == null ? null : json(e.health()));
        return i;
    }

    static Event read(ResultSet rs) throws SQLException {
        Double lat = Jdbc.getDouble(rs, "camera_lat"), lon = Jdbc.getDouble(rs, "camera_lon");
        GeoLocation loc = lat == null || lon == null ? null : new GeoLocation(lat, lon, rs.getString("camera_address"));
        String evidence = rs.getString("evidence");
        String health = rs.getString("health");
        try {
            return new Event(Jdbc.getUuid(rs, "id"), EventKind.parse(rs.getString("kind")),
                    EventState.parse(rs.getString("state")), Severity.parse(rs.getString("severity")),
                    rs.getDouble("confidence"), new CameraRef(rs.getString("camera_id"), rs.getString("camera_name"), loc),
                    rs.getString("zone_id"), rs.getString("department"), Jdbc.getInstant(rs, "started_at"),
                    Jdbc.getInstant(rs, "ended_at"), Json.mapper().readValue(rs.getString("objects"), OBJECTS),
                    evidence == null ? null : Json.mapper().readValue(evidence, Evidence.class),
                    Jdbc.getInstant(rs, "updated_at"),
                    health == null ? null : Json.mapper().readValue(health, HealthFinding.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + rs.getString("id") + " holds JSON that does not parse: "
                    + e.getOriginalMessage(), e);
        }
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
