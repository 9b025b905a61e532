package city.citywatch.core.config;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML configuration, applies {@code CITYWATCH_*} environment overrides and validates every key.
 * Environment names are the key path upper-cased with camelCase split: {@code kafka.bootstrapServers} is
 * {@code CITYWATCH_KAFKA_BOOTSTRAP_SERVERS}. All problems are reported at once, each naming its key.
 */
public final class ConfigLoader {
    /** Scalar keys that may be overridden from the environment. */
    private static final List<String> ENV_KEYS = List.of(
            "dataDir", "roles",
            "http.host", "http.port", "http.maxBodyBytes",
            "database.url", "database.user", "database.password", "database.maxPoolSize",
            "kafka.bootstrapServers", "kafka.topicPartitions", "kafka.replicationFactor", "kafka.embeddedPort",
            "objectStore.endpoint", "objectStore.accessKey", "objectStore.secretKey", "objectStore.bucket",
            "objectStore.region", "objectStore.signedUrlTtlSeconds", "objectStore.embeddedPort", "objectStore.publicEndpoint",
            "models.dir", "models.detector", "models.scoreThreshold",
            "evidence.preRollSeconds", "evidence.postRollSeconds", "evidence.spoolDir",
            "ingest.socketTimeoutSeconds", "ingest.backoffInitialMillis", "ingest.backoffMaxSeconds", "ingest.bufferSeconds",
            "ingest.watchdogSeconds", "ingest.offlineEventSeconds",
            "demo.enabled", "demo.video", "demo.rtspPort",
            "onvif.requestTimeoutMillis", "onvif.discoveryWaitMillis",
            "mqtt.brokerUrl", "mqtt.clientId", "mqtt.username", "mqtt.password", "flood.modelDir", "flood.rainFps",
            "auth.jwtSecret", "auth.tokenTtlMinutes", "console.map.tileUrl", "console.map.baseLayerGeoJson",
            "quality.enabled", "quality.checkIntervalSeconds", "quality.raiseAfter", "quality.clearAfter",
            "quality.signalLostMaxStdDev", "quality.coveredMinFlatShare", "quality.darkMaxMeanLuma",
            "quality.brightMinMeanLuma", "quality.frozenMaxChangedShare", "quality.blurMinSharpnessRatio",
            "quality.castMinChroma", "quality.sceneMinCorrelation",
            "detectorBatch.maxBatch", "detectorBatch.maxWaitMillis", "detectorBatch.workers");

    public static final List<String> DETECTORS = List.of("picodet-s-416-coco", "yolox-nano-coco");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /** Loads {@code file} (may be null: defaults only) with overrides from {@code env}. */
    public static CityWatchConfig load(Path file, Map<String, String> env) {
        JsonNode root;
        if (file == null) {
            root = ConfigTree.emptyObject();
        } else {
            try {
                root = YAML.readTree(Files.readString(file));
            } catch (JsonProcessingException e) {
                throw new ConfigException(List.of(file + ": not valid YAML at line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
            }
            if (root == null || root.isMissingNode() || root.isNull()) root = ConfigTree.emptyObject();
            if (!root.isObject()) throw new ConfigException(List.of(file + ": must be a mapping of keys at the top level"));
        }
        return parse(applyEnv((ObjectNode) root, env));
    }

    public static CityWatchConfig parseYaml(String yaml, Map<String, String> env) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) root = ConfigTree.emptyObject();
            return parse(applyEnv((ObjectNode) root, env));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getOriginalMessage()));
        }
    }

    public static String envName(String keyPath) {
        return "CITYWATCH_" + keyPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static ObjectNode applyEnv(ObjectNode root, Map<String, String> env) {
        for (String key : ENV_KEYS) {
            String value = env.get(envName(key));
            if (value == null) continue;
            String[] parts = key.split("\\.");
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = at.get(parts[i]);
                at = child instanceof ObjectNode o ? o : at.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (key.equals("roles")) {
                ArrayNode arr = at.putArray(leaf);
                for (String r : value.split(",")) if (!r.isBlank()) arr.add(r.trim());
            } else {
                at.put(leaf, value);
            }
        }
        return root;
    }

    private static CityWatchConfig parse(JsonNode root) {
        ConfigTree t = ConfigTree.root(root);
        Path dataDir = t.parsed("dataDir", Path.of(".citywatch", "data"), Path::of, "a directory path");

        ConfigTree h = t.section("http");
        var http = new CityWatchConfig.Http(h.string("host", "0.0.0.0"), h.integer("port", 8080, 0, 65535),
                h.integer("maxBodyBytes", 1 << 20, 1024, 4 << 20));

        Set<CityWatchConfig.Role> roles = parseRoles(t);

        ConfigTree d = t.section("database");
        String url = blankToNull(d.string("url", null));
        if (url != null && !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:"))) {
            d.problem(d.key("url"), "must be a jdbc:postgresql: or jdbc:h2: URL (or empty for the embedded database), got '" + url + "'");
        }
        var database = new CityWatchConfig.Database(url, d.string("user", url == null ? "citywatch" : null),
                d.string("password", url == null ? "" : null), d.integer("maxPoolSize", 8, 1, 200));

        ConfigTree k = t.section("kafka");
        String bootstrap = blankToNull(k.string("bootstrapServers", null));
        if (bootstrap != null) {
            for (String hp : bootstrap.split(",")) {
                if (!hp.trim().matches("[A-Za-z0-9._-]+:\\d{1,5}")) {
                    k.problem(k.key("bootstrapServers"), "must be a comma-separated list of host:port, got '" + bootstrap + "'");
                    break;
                }
            }
        }
        Map<String, String> clientProperties = k.stringMap("clientProperties");
        for (String owned : List.of("bootstrap.servers", "key.serializer", "value.serializer", "acks", "enable.idempotence")) {
            if (clientProperties.containsKey(owned)) {
                k.problem(k.key("clientProperties") + "." + owned, "is set by CityWatch (use kafka.bootstrapServers for the "
                        + "address; delivery guarantees are not negotiable); remove it");
            }
        }
        var kafka = new CityWatchConfig.Kafka(bootstrap, k.integer("topicPartitions", 6, 1, 10_000),
                (short) k.integer("replicationFactor", 1, 1, 7), k.integer("embeddedPort", 9092, 0, 65535), clientProperties);

        ConfigTree o = t.section("objectStore");
        URI endpoint = o.parsed("endpoint", null, ConfigLoader::httpUrl,
                "an http(s) URL such as https://minio.city.local:9000, or empty for the embedded store");
        URI publicEndpoint = o.parsed("publicEndpoint", null, ConfigLoader::httpUrl,
                "an http(s) URL that browsers reach the store at, or empty to sign URLs for objectStore.endpoint");
        String bucket = o.string("bucket", "citywatch");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
            o.problem(o.key("bucket"), "must be a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-'), got '" + bucket + "'");
        }
        String accessKey = o.string("accessKey", endpoint == null ? "citywatch" : null);
        String secretKey = o.string("secretKey", endpoint == null ? "citywatch-local-secret" : null);
        if (endpoint != null && (accessKey == null || secretKey == null)) {
            o.problem(o.key(accessKey == null ? "accessKey" : "secretKey"), "is required when objectStore.endpoint is set");
        }
        var objectStore = new CityWatchConfig.ObjectStore(endpoint, accessKey, secretKey, bucket,
                o.string("region", "us-east-1"), o.integer("signedUrlTtlSeconds", 300, 10, 7 * 24 * 3600),
                o.integer("embeddedPort", 9000, 0, 65535), publicEndpoint);

        ConfigTree m = t.section("models");
        Map<String, String> detectors = new LinkedHashMap<>();
        DETECTORS.forEach(n -> detectors.put(n, n));
        var models = new CityWatchConfig.Models(m.parsed("dir", defaultModelsDir(), Path::of, "a directory path"),
                m.choice("detector", DETECTORS.get(0), detectors), m.decimal("scoreThreshold", 0.1, 0.01, 0.95));

        ConfigTree e = t.section("evidence");
        var evidence = new CityWatchConfig.Evidence(e.integer("preRollSeconds", 10, 0, 60),
                e.integer("postRollSeconds", 10, 1, 60), e.parsed("spoolDir", dataDir.resolve("spool"), Path::of, "a directory path"));

        ConfigTree i = t.section("ingest");
        var ingest = new CityWatchConfig.Ingest(i.integer("socketTimeoutSeconds", 5, 1, 120),
                i.integer("backoffInitialMillis", 500, 50, 60_000), i.integer("backoffMaxSeconds", 5, 1, 3600),
                i.integer("bufferSeconds", 30, 5, 600), i.integer("watchdogSeconds", 10, 2, 300),
                i.integer("offlineEventSeconds", 60, 5, 86_400));
        // A clip is cut once its post-roll has arrived plus the wait for late packets (socket timeout + 1 s), and
        // starts at the key frame before its pre-roll (up to one GOP, allow 2 s): all of it must still be buffered.
        int neededBuffer = evidence.preRollSeconds() + evidence.postRollSeconds() + ingest.socketTimeoutSeconds() + 1 + 2;
        if (ingest.bufferSeconds() < neededBuffer) {
            i.problem(i.key("bufferSeconds"), "must be at least evidence.preRollSeconds + evidence.postRollSeconds + "
                    + "ingest.socketTimeoutSeconds + 3 = " + neededBuffer + " so clips can be cut, got " + ingest.bufferSeconds());
        }

        List<Camera> cameras = parseCameras(t);

        ConfigTree dm = t.section("demo");
        var demo = new CityWatchConfig.Demo(dm.bool("enabled", false),
                dm.parsed("video", null, Path::of, "a file path"), dm.integer("rtspPort", 8554, 0, 65535));

        ConfigTree ov = t.section("onvif");
        var onvif = new CityWatchConfig.Onvif(ov.integer("requestTimeoutMillis", 5000, 100, 120_000),
                ov.integer("discoveryWaitMillis", 3000, 100, 30_000));
        AuthConfig auth = ConsoleSections.auth(t);
        ConsoleConfig console = ConsoleSections.console(t);

        var mqtt = SensorSection.mqtt(t);
        var sensors = SensorSection.sensors(t, mqtt);
        SensorSection.checkGaugeLinks(t, cameras, sensors);
        var flood = SensorSection.flood(t);
        var quality = parseQuality(t.section("quality"));
        ConfigTree b = t.section("detectorBatch");
        var detectorBatch = new CityWatchConfig.DetectorBatch(b.integer("maxBatch", 4, 1, 64),
                b.integer("maxWaitMillis", 5, 0, 1000),
                b.integer("workers", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256));

        t.reportUnknownKeys();
        if (!t.problems().isEmpty()) throw new ConfigException(t.problems());
        return new CityWatchConfig(http, dataDir, roles, database, kafka, objectStore, models, evidence, ingest, cameras, demo,
                onvif, mqtt, sensors, flood, auth, console, quality, detectorBatch);
    }

    private static CityWatchConfig.Quality parseQuality(ConfigTree q) {
        double dark = q.decimal("darkMaxMeanLuma", 35, 0, 255), bright = q.decimal("brightMinMeanLuma", 220, 0, 255);
        if (dark >= bright) {
            q.problem(q.key("darkMaxMeanLuma"), "must be below quality.brightMinMeanLuma (" + bright + "), got " + dark);
        }
        return new CityWatchConfig.Quality(q.bool("enabled", true), q.integer("checkIntervalSeconds", 5, 1, 3600),
                q.integer("raiseAfter", 3, 1, 100), q.integer("clearAfter", 3, 1, 100),
                q.decimal("signalLostMaxStdDev", 3.0, 0, 64), q.decimal("coveredMinFlatShare", 0.75, 0.01, 1), dark, bright,
                q.decimal("frozenMaxChangedShare", 0.00002, 0, 0.5), q.decimal("blurMinSharpnessRatio", 0.3, 0.01, 1),
                q.decimal("castMinChroma", 25, 1, 128), q.decimal("sceneMinCorrelation", 0.5, 0.01, 1));
    }

    private static Set<CityWatchConfig.Role> parseRoles(ConfigTree t) {
        JsonNode n = t.node("roles");
        Set<CityWatchConfig.Role> roles = EnumSet.noneOf(CityWatchConfig.Role.class);
        if (n == null || n.isNull()) return EnumSet.allOf(CityWatchConfig.Role.class);
        if (!n.isArray() || n.isEmpty()) {
            t.problem("roles", "must be a non-empty list of ingest, analytics, api");
            return EnumSet.allOf(CityWatchConfig.Role.class);
        }
        for (JsonNode r : n) {
            try {
                roles.add(CityWatchConfig.Role.valueOf(r.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                t.problem("roles", "allowed values are ingest, analytics, api; got '" + r.asText() + "'");
            }
        }
        return roles;
    }

    private static List<Camera> parseCameras(ConfigTree t) {
        List<Camera> cameras = new ArrayList<>();
        for (ConfigTree c : t.list("cameras")) {
            String id = c.string("id", null);
            if (id == null) {
                c.problem(c.key("id"), "is required");
                continue;
            }
            List<Zone> zones = new ArrayList<>();
            for (ConfigTree z : c.list("zones")) {
                Zone zone = parseZone(z, id);
                if (zone != null) zones.add(zone);
            }
            ConfigTree loc = c.section("location");
            String name = c.string("name", id);
            String stream = c.string("streamUri", null);
            String analysisStream = c.string("analysisStreamUri", null);
            double lat = loc.decimal("lat", 0, -90, 90), lon = loc.decimal("lon", 0, -180, 180);
            String address = loc.string("address", "");
            try {
                if (stream == null) throw new ValidationException("streamUri", "is required");
                URI analysis = analysisStream == null ? null : parsedUri(c, "analysisStreamUri", analysisStream);
                cameras.add(new Camera(id, name, parsedUri(c, "streamUri", stream), new GeoLocation(lat, lon, address), zones,
                        analysis));
            } catch (ValidationException ex) {
                c.problem(c.key(ex.field()), ex.reason());
            }
        }
        return cameras;
    }

    private static URI parsedUri(ConfigTree c, String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException ex) {
            throw new ValidationException(key, "is not a valid URI: " + ex.getMessage());
        }
    }

    private static Zone parseZone(ConfigTree z, String cameraId) {
        String id = z.string("id", null);
        if (id == null) {
            z.problem(z.key("id"), "is required");
        }
        Map<String, ZoneKind> kinds = new LinkedHashMap<>();
        for (ZoneKind k : ZoneKind.values()) kinds.put(k.wireName(), k);
        ZoneKind kind = z.choice("kind", null, kinds);
        if (kind == null && !z.has("kind")) z.problem(z.key("kind"), "is required, one of " + String.join(", ", kinds.keySet()));
        Map<String, Severity> severities = new LinkedHashMap<>();
        for (Severity s : Severity.values()) severities.put(s.wireName(), s);
        Severity severity = z.choice("severity", Severity.MEDIUM, severities);
        int dwell = z.integer("dwellSeconds", 60, 1, 7 * 24 * 3600);
        String name = z.string("name", id);
        String department = z.string("department", null);
        List<Point> points = new ArrayList<>();
        JsonNode poly = z.node("polygon");
        if (poly == null || !poly.isArray()) {
            z.problem(z.key("polygon"), "is required: a list of [x, y] points normalised to 0..1");
            return null;
        }
        for (int p = 0; p < poly.size(); p++) {
            JsonNode pt = poly.get(p);
            if (!pt.isArray() || pt.size() != 2 || !pt.get(0).isNumber() || !pt.get(1).isNumber()) {
                z.problem(z.key("polygon") + "[" + p + "]", "must be [x, y] with two numbers, got " + pt);
                return null;
            }
            points.add(new Point(pt.get(0).asDouble(), pt.get(1).asDouble()));
        }
        RuleParameters params = parseRuleParameters(z);
        if (id == null || kind == null || params == null) return null;
        try {
            return new Zone(id, cameraId, name, kind, new Polygon(points), Duration.ofSeconds(dwell), severity, department, params);
        } catch (ValidationException ex) {
            z.problem(z.key(ex.field()), ex.reason());
            return null;
        }
    }

    /** {@code params} of a zone; null (with the problems reported) when they do not make a valid set. */
    private static RuleParameters parseRuleParameters(ConfigTree z) {
        if (!z.has("params")) {
            z.node("params");
            return RuleParameters.NONE;
        }
        ConfigTree p = z.section("params");
        int before = p.problems().size();
        List<String> gauges = null;
        JsonNode g = p.node("gauges");
        if (g != null && !g.isNull()) {
            gauges = new ArrayList<>();
            if (!g.isArray()) p.problem(p.key("gauges"), "must be a list of sensor ids");
            else for (JsonNode id : g) gauges.add(id.isTextual() ? id.asText() : String.valueOf(id));
        }
        RuleParameters params;
        try {
            params = new RuleParameters(
                    optInt(p, "countThreshold"), optDecimal(p, "areaSquareMetres"),
                    optDecimal(p, "densityPerSquareMetre"), optInt(p, "riseCount"),
                    optInt(p, "riseWindowSeconds"), optDecimal(p, "minObjectFraction"),
                    optDecimal(p, "minObjectSquareMetres"), optDecimal(p, "waterFraction"), gauges);
        } catch (ValidationException ex) {
            z.problem(z.key(ex.field()), ex.reason());
            return null;
        }
        return p.problems().size() == before ? params : null;
    }

    // Ranges are the record's business (one message for config and API); here only the type is checked.
    private static Integer optInt(ConfigTree t, String name) {
        return t.has(name) ? t.integer(name, 1, Integer.MIN_VALUE, Integer.MAX_VALUE) : null;
    }

    private static Double optDecimal(ConfigTree t, String name) {
        return t.has(name) ? t.decimal(name, 1, -Double.MAX_VALUE, Double.MAX_VALUE) : null;
    }

    private static URI httpUrl(String s) {
        URI u = URI.create(s);
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("scheme must be http or https with a host");
        }
        return u;
    }

    /** The shared folder's models (development, demo, CI); production sets models.dir. */
    private static Path defaultModelsDir() {
        try {
            return SharedFolder.resolve().resolve("models");
        } catch (IllegalStateException e) {
            return Path.of("..", "shared", "models");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
