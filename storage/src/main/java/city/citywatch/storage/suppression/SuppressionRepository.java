package city.citywatch.storage.suppression;

import city.citywatch.core.event.EventKind;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Per-zone suppressions (see {@link Suppression}). */
public final class SuppressionRepository {
    private static final String COLUMNS = "id, camera_id, zone_id, kind, created_by, created_at, until_at, reason, event_id";

    private final Database db;

    public SuppressionRepository(Database db) {
        this.db = db;
    }

    /** Stores {@code s} on {@code c}, inside the caller's transaction (the false alarm that creates it). */
    public static void insert(Connection c, Suppression s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppressions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.setUuid(ps, 1, s.id());
            ps.setString(2, s.cameraId());
            ps.setString(3, s.zoneId());
            ps.setString(4, s.kind().wireName());
            ps.setString(5, s.createdBy());
            Jdbc.setInstant(ps, 6, s.createdAt());
            Jdbc.setInstant(ps, 7, s.until());
            ps.setString(8, s.reason());
            Jdbc.setUuid(ps, 9, s.eventId());
            ps.executeUpdate();
        }
    }

    public void add(Suppression s) {
        db.inTransaction("add suppression of zone " + s.zoneId(), c -> {
            insert(c, s);
            return null;
        });
    }

    /** Suppressions still active at {@code now} (expired ones are kept for the record but not listed), newest first. */
    public List<Suppression> active(Instant now) {
        return db.read("list suppressions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM suppressions "
                    + "WHERE until_at IS NULL OR until_at > ? ORDER BY created_at DESC, id")) {
                Jdbc.setInstant(ps, 1, now);
                return readAll(ps);
            }
        });
    }

    /** The active suppression of this camera's zone and kind, if any. */
    public Optional<Suppression> activeFor(String cameraId, String zoneId, EventKind kind, Instant now) {
        if (zoneId == null) return Optional.empty();
        return db.read("find suppression of zone " + zoneId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM suppressions "
                    + "WHERE camera_id = ? AND zone_id = ? AND kind = ? AND (until_at IS NULL OR until_at > ?) "
                    + "ORDER BY created_at DESC LIMIT 1")) {
                ps.setString(1, cameraId);
                ps.setString(2, zoneId);
                ps.setString(3, kind.wireName());
                Jdbc.setInstant(ps, 4, now);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    public Optional<Suppression> find(UUID id) {
        return db.read("find suppression " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM suppressions WHERE id = ?")) {
                Jdbc.setUuid(ps, 1, id);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    /** @return false if there was no such suppression */
    public boolean delete(UUID id) {
        return db.inTransaction("delete suppression " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM suppressions WHERE id = ?")) {
                Jdbc.setUuid(ps, 1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static List<Suppression> readAll(PreparedStatement ps) throws SQLException {
        List<Suppression> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Suppression(Jdbc.getUuid(rs, "id"), rs.getString("camera_id"), rs.getString("zone_id"),
                        EventKind.parse(rs.getString("kind")), rs.getString("created_by"), Jdbc.getInstant(rs, "created_at"),
                        Jdbc.getInstant(rs, "until_at"), rs.getString("reason"), Jdbc.getUuid(rs, "event_id")));
            }
        }
        return out;
    }
}
