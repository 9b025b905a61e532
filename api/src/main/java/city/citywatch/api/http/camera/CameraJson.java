package city.citywatch.api.http.camera;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The REST shape of a camera (the {@code CameraInput} and {@code Camera} schemas of the contract) and its
 * mapping to the domain record. The body has passed the contract's schema already, so types are right;
 * what is checked here is what only the domain knows (polygon geometry, URL scheme, unique zone ids), and
 * every domain complaint is re-anchored at the JSON path the client wrote.
 */
public final class CameraJson {
    private CameraJson() {
    }

    public static Camera fromJson(JsonObject body) {
        String id = body.getString("id");
        if (id == null) throw new ValidationException("id", "is required");
        URI streamUri = parseStreamUri("streamUri", body.getString("streamUri"));
        String analysis = body.getString("analysisStreamUri");
        URI analysisStreamUri = analysis == null ? null : parseStreamUri("analysisStreamUri", analysis);
        GeoLocation location = at("location", () -> location(body.getJsonObject("location")));
        List<Zone> zones = zones(id, body.getJsonArray("zones"));
        return new Camera(id, body.getString("name"), streamUri, location, zones, analysisStreamUri);
    }

    private static URI parseStreamUri(String field, String s) {
        if (s == null || s.isBlank()) throw new ValidationException(field, "is required");
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** The location given in a request body, null if none (field names as the client wrote them). */
    public static GeoLocation locationOf(JsonObject body) {
        return at("location", () -> location(body.getJsonObject("location")));
    }

    /** The zones given in a request body for camera {@code cameraId}, validated like those of a camera. */
    public static List<Zone> zonesOf(String cameraId, JsonObject body) {
        return zones(cameraId, body.getJsonArray("zones"));
    }

    private static GeoLocation location(JsonObject o) {
        if (o == null) return null;
        Double lat = o.getDouble("lat");
        Double lon = o.getDouble("lon");
        if (lat == null) throw new ValidationException("lat", "is required");
        if (lon == null) throw new ValidationException("lon", "is required");
        return new GeoLocation(lat, lon, o.getString("address"));
    }

    private static List<Zone> zones(String cameraId, JsonArray array) {
        if (array == null) return List.of();
        List<Zone> zones = new ArrayList<>(array.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject z = array.getJsonObject(i);
            String parent = "zones[" + i + "]";
            Zone zone = at(parent, () -> zone(cameraId, z));
            if (!ids.add(zone.id())) {
                throw new ValidationException(parent + ".id", "'" + zone.id() + "' is used by another zone of this camera");
            }
            zones.add(zone);
        }
        return zones;
    }

    private static Zone zone(String cameraId, JsonObject z) {
        String id = z.getString("id");
        if (id == null) id = UUID.randomUUID().toString();
        Polygon polygon = at("polygon", () -> polygon(z.getJsonArray("polygon")));
        String kind = z.getString("kind");
        if (kind == null) throw new ValidationException("kind", "is required");
        Long dwell = z.getLong("dwellSeconds");
        String severity = z.getString("severity");
        RuleParameters params = ruleParameters(z.getJsonObject("params"));
        return new Zone(id, cameraId, z.getString("name"), ZoneKind.parse(kind), polygon,
                dwell == null ? null : Duration.ofSeconds(dwell),
                severity == null ? null : Severity.parse(severity), z.getString("department"), params);
    }

    /** Types and unknown keys are the OpenAPI schema's job; ranges and combinations the record's. */
    private static RuleParameters ruleParameters(JsonObject p) {
        if (p == null) return RuleParameters.NONE;
        JsonArray g = p.getJsonArray("gauges");
        List<String> gauges = null;
        if (g != null) {
            gauges = new ArrayList<>(g.size());
            for (int i = 0; i < g.size(); i++) gauges.add(g.getString(i));
        }
        return new RuleParameters(p.getInteger("countThreshold"), p.getDouble("areaSquareMetres"),
                p.getDouble("densityPerSquareMetre"), p.getInteger("riseCount"), p.getInteger("riseWindowSeconds"),
                p.getDouble("minObjectFraction"), p.getDouble("minObjectSquareMetres"), p.getDouble("waterFraction"),
                gauges);
    }

    private static Polygon polygon(JsonArray pts) {
        if (pts == null) throw new ValidationException("", "is required");
        List<Point> points = new ArrayList<>(pts.size());
        for (int i = 0; i < pts.size(); i++) {
            JsonArray p = pts.getJsonArray(i);
            if (p == null || p.size() != 2) throw new ValidationException("[" + i + "]", "must be an [x, y] pair");
            points.add(new Point(p.getDouble(0), p.getDouble(1)));
        }
        // The domain names its problems "polygon" / "polygon[i]"; strip that so the caller's prefix applies.
        try {
            return new Polygon(points);
        } catch (ValidationException e) {
            String field = e.field().startsWith("polygon") ? e.field().substring("polygon".length()) : e.field();
            throw new ValidationException(field, e.reason());
        }
    }

    /** Runs {@code f}, re-anchoring a domain complaint under {@code parent} ("zones[0]" + "polygon"). */
    private static <T> T at(String parent, Supplier<T> f) {
        try {
            return f.get();
        } catch (ValidationException e) {
            if (e.field().isEmpty()) throw new ValidationException(parent, e.reason());
            throw e.under(parent);
        }
    }

    public static JsonObject toJson(Camera c) {
        JsonArray zones = new JsonArray();
        for (Zone z : c.zones()) zones.add(toJson(z));
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("streamUri", redactPassword(c.streamUri()))
                .put("analysisStreamUri", c.analysisStreamUri() == null ? null : redactPassword(c.analysisStreamUri()))
                .put("location", c.location() == null ? null : new JsonObject()
                        .put("lat", c.location().lat())
                        .put("lon", c.location().lon())
                        .put("address", c.location().address()))
                .put("zones", zones);
    }

    static JsonObject toJson(Zone z) {
        JsonArray polygon = new JsonArray();
        for (Point p : z.polygon().points()) polygon.add(new JsonArray().add(p.x()).add(p.y()));
        return new JsonObject()
                .put("id", z.id())
                .put("name", z.name())
                .put("kind", z.kind().wireName())
                .put("polygon", polygon)
                .put("dwellSeconds", z.dwell().toSeconds())
                .put("severity", z.severity().wireName())
                .put("department", z.department())
                .put("params", JsonObject.mapFrom(z.params()));
    }

    /**
     * Camera URLs often carry the camera's login; anyone who may list cameras must not learn it. The user
     * name stays so operators can tell which account a camera uses.
     */
    static String redactPassword(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) return uri.toString();
        String user = userInfo.substring(0, userInfo.indexOf(':'));
        return uri.toString().replaceFirst(java.util.regex.Pattern.quote(userInfo + "@"),
                java.util.regex.Matcher.quoteReplacement(user + ":***@"));
    }
}
