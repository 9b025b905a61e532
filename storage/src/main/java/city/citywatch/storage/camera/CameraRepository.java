package city.citywatch.storage.camera;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.json.Json;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.NotFoundException;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;
import city.citywatch.storage.db.SqlErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Cameras and the zones drawn on them. A camera and its zones are always written together. */
public final class CameraRepository {
    private static final int MAX_ZONE_ID_LENGTH = 64;
    private static final TypeReference<List<Point>> POINTS = new TypeReference<>() {
    };

    private final Database db;

    public CameraRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores the camera and its zones in one transaction.
     *
     * @throws DuplicateKeyException if a camera with this id exists (nothing is written)
     * @throws ValidationException   if two zones share an id or a zone id is too long
     */
    public void create(Camera camera) {
        validateZones(camera.id(), camera.zones());
        db.inTransaction("create camera '" + camera.id() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cameras (id, name, stream_uri, lat, lon, address, created_at, analysis_stream_uri)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                GeoLocation loc = camera.location();
                ps.setString(1, camera.id());
                ps.setString(2, camera.name());
                ps.setString(3, camera.streamUri().toString());
                Jdbc.setDouble(ps, 4, loc == null ? null : loc.lat());
                Jdbc.setDouble(ps, 5, loc == null ? null : loc.lon());
                ps.setString(6, loc == null ? null : loc.address());
                Jdbc.setInstant(ps, 7, Instant.now());
                ps.setString(8, camera.analysisStreamUri() == null ? null : camera.analysisStreamUri().toString());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new DuplicateKeyException("camera '" + camera.id() + "' already exists", e);
                }
                throw e;
            }
            insertZones(c, camera.id(), camera.zones());
            return null;
        });
    }

    public Optional<Camera> find(String id) {
        if (id == null) return Optional.empty();
        return db.read("find camera '" + id + "'", c -> {
            List<Camera> found = load(c, "WHERE c.id = ?", id);
            return found.stream().findFirst();
        });
    }

    /** All cameras, ordered by id. */
    public List<Camera> list() {
        return db.read("list cameras", c -> load(c, "", null));
    }

    /** Deletes the camera and its zones; its events stay (they are history). @return false if there was none */
    public boolean delete(String id) {
        return db.inTransaction("delete camera '" + id + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cameras WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Replaces all zones of a camera at once: readers see the old set or the new one, never a mix.
     *
     * @throws NotFoundException   if the camera does not exist
     * @throws ValidationException if a zone belongs to another camera, or two zones share an id
     */
    public void replaceZones(String cameraId, List<Zone> zones) {
        List<Zone> newZones = zones == null ? List.of() : List.copyOf(zones);
        for (int i = 0; i < newZones.size(); i++) {
            if (!cameraId.equals(newZones.get(i).cameraId())) {
                throw new ValidationException("zones[" + i + "].cameraId", "must be the camera's id '" + cameraId
                        + "', got '" + newZones.get(i).cameraId() + "'");
            }
        }
        validateZones(cameraId, newZones);
        db.inTransaction("replace zones of camera '" + cameraId + "'", c -> {
            // Locks the camera row so that concurrent replacements are applied one after the other.
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cameras WHERE id = ? FOR UPDATE")) {
                ps.setString(1, cameraId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new NotFoundException("camera '" + cameraId + "' does not exist");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM zones WHERE camera_id = ?")) {
                ps.setString(1, cameraId);
                ps.executeUpdate();
            }
            insertZones(c, cameraId, newZones);
            return null;
        });
    }

    private static void validateZones(String cameraId, List<Zone> zones) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < zones.size(); i++) {
            String zoneId = zones.get(i).id();
            if (zoneId.isBlank() || zoneId.length() > MAX_ZONE_ID_LENGTH) {
                throw new ValidationException("zones[" + i + "].id", "must be 1 to " + MAX_ZONE_ID_LENGTH
                        + " characters, got '" + zoneId + "'");
            }
            if (!seen.add(zoneId)) {
                throw new ValidationException("zones[" + i + "].id", "zone id '" + zoneId
                        + "' is used twice on camera '" + cameraId + "'");
            }
        }
    }

    private static void insertZones(Connection c, String cameraId, List<Zone> zones) throws SQLException {
        if (zones.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO zones (camera_id, id, zone_order, name, kind, polygon, dwell_millis, severity, department, params)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < zones.size(); i++) {
                Zone z = zones.get(i);
                ps.setString(1, cameraId);
                ps.setString(2, z.id());
                ps.setInt(3, i);
                ps.setString(4, z.name());
                ps.setString(5, z.kind().wireName());
                ps.setString(6, toJson(z.polygon().points()));
                ps.setLong(7, z.dwell().toMillis());
                ps.setString(8, z.severity().wireName());
                ps.setString(9, z.department());
                ps.setString(10, write(z.params(), "zone rule parameters"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<Camera> load(Connection c, String where, String id) throws SQLException {
        Map<String, Camera> cameras = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT c.id, c.name, c.stream_uri, c.analysis_stream_uri, c.lat, c.lon, c.address FROM cameras c " + where + " ORDER BY c.id")) {
            if (id != null) ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Double lat = Jdbc.getDouble(rs, "lat"), lon = Jdbc.getDouble(rs, "lon");
                    GeoLocation loc = lat == null || lon == null ? null : new GeoLocation(lat, lon, rs.getString("address"));
                    String camId = rs.getString("id");
                    String analysis = rs.getString("analysis_stream_uri");
                    cameras.put(camId, new Camera(camId, rs.getString("name"), URI.create(rs.getString("stream_uri")), loc,
                            List.of(), analysis == null ? null : URI.create(analysis)));
                }
            }
        }
        if (cameras.isEmpty()) return List.of();
        Map<String, List<Zone>> zones = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT z.* FROM zones z JOIN cameras c ON c.id = z.camera_id " + where + " ORDER BY z.camera_id, z.zone_order")) {
            if (id != null) ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String camId = rs.getString("camera_id");
                    zones.computeIfAbsent(camId, k -> new ArrayList<>()).add(new Zone(
                            rs.getString("id"), camId, rs.getString("name"), ZoneKind.parse(rs.getString("kind")),
                            new Polygon(fromJson(rs.getString("polygon"))), Duration.ofMillis(rs.getLong("dwell_millis")),
                            Severity.parse(rs.getString("severity")), rs.getString("department"),
                            readParams(rs.getString("params"))));
                }
            }
        }
        List<Camera> result = new ArrayList<>(cameras.size());
        for (Camera cam : cameras.values()) result.add(cam.withZones(zones.getOrDefault(cam.id(), List.of())));
        return result;
    }

    private static String toJson(List<Point> points) {
        return write(points, "polygon");
    }

    private static String write(Object value, String what) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON", e);
        }
    }

    private static RuleParameters readParams(String json) {
        try {
            return Json.mapper().readValue(json, RuleParameters.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("zones.params holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Point> fromJson(String json) {
        try {
            return Json.mapper().readValue(json, POINTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored polygon is not valid JSON: " + json, e);
        }
    }
}
