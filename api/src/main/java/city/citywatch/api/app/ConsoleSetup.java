package city.citywatch.api.app;

import city.citywatch.api.http.ConsoleDependencies;
import city.citywatch.api.http.console.MapSettings;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import city.citywatch.core.config.AuthConfig;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.config.ConsoleConfig;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.event.EventStatistics;
import city.citywatch.storage.suppression.SuppressionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Resolves what the console's endpoints need from the configuration: the JWT key (generated when none is set), the
 * embedded demo's accounts, the map's base layer (read once here, so a missing file fails the start, not a request).
 */
final class ConsoleSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSetup.class);
    /** Demo accounts (embedded demo only; the README prints them). */
    static final List<String[]> DEMO_USERS = List.of(
            new String[]{"admin", "admin-demo", "管理员 (Admin)", "admin"},
            new String[]{"officer", "officer-demo", "值班员 (Officer)", "officer"},
            new String[]{"police", "police-demo", "公安 (Police)", "police"});
    static final String DEMO_SERVICE_KEY = "cw-demo-service-key";
    static final String DEMO_BASE_LAYER = "map/demo-district.geojson";

    private ConsoleSetup() {
    }

    static ConsoleDependencies dependencies(CityWatchConfig config, Database database) {
        return new ConsoleDependencies(auth(config), new SuppressionRepository(database), new AuditLog(database),
                new EventStatistics(database), map(config), Duration.ofHours(config.console().suppressionHours()));
    }

    static AuthConfig auth(CityWatchConfig config) {
        AuthConfig auth = config.auth();
        if (config.demo().enabled() && auth.users().isEmpty() && auth.apiKeys().isEmpty()) {
            List<AuthConfig.User> users = DEMO_USERS.stream().map(u -> new AuthConfig.User(u[0], u[2],
                    PasswordHash.hash(u[1], PasswordHash.MIN_ITERATIONS), Set.of(UserRole.parse(u[3])))).toList();
            auth = auth.withUsers(users, List.of(new AuthConfig.ApiKey("demo-service",
                    PasswordHash.apiKeyHash(DEMO_SERVICE_KEY), Set.of(UserRole.SERVICE))));
            LOG.info("demo accounts: admin/admin-demo, officer/officer-demo, police/police-demo; service API key {}",
                    DEMO_SERVICE_KEY);
        } else if (auth.users().isEmpty() && auth.apiKeys().isEmpty()) {
            LOG.warn("no auth.users and no auth.apiKeys are configured: nobody can sign in to the API");
        }
        if (auth.jwtSecret() == null) {
            byte[] key = new byte[48];
            new SecureRandom().nextBytes(key);
            auth = new AuthConfig(Base64.getEncoder().encodeToString(key), auth.tokenTtlMinutes(), auth.users(), auth.apiKeys());
            if (!config.demo().enabled()) {
                LOG.warn("auth.jwtSecret is not set: a random key is used, so sign-ins end at a restart and tokens do "
                        + "not work across api nodes; set auth.jwtSecret (CITYWATCH_AUTH_JWT_SECRET) in production");
            }
        }
        return auth;
    }

    static MapSettings map(CityWatchConfig config) {
        ConsoleConfig.Map m = config.console().map();
        String baseLayer = null;
        try {
            if (m.baseLayerGeoJson() != null) {
                baseLayer = Files.readString(m.baseLayerGeoJson(), StandardCharsets.UTF_8);
            } else if (config.demo().enabled()) {
                try (InputStream in = ConsoleSetup.class.getClassLoader().getResourceAsStream(DEMO_BASE_LAYER)) {
                    if (in == null) throw new IllegalStateException("classpath resource " + DEMO_BASE_LAYER + " is missing");
                    baseLayer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("console.map.baseLayerGeoJson: cannot read " + m.baseLayerGeoJson(), e);
        }
        if (baseLayer != null) {
            try {
                io.vertx.core.json.JsonObject geo = new io.vertx.core.json.JsonObject(baseLayer);
                if (!"FeatureCollection".equals(geo.getString("type"))) {
                    throw new IllegalArgumentException("console.map.baseLayerGeoJson: must be a GeoJSON FeatureCollection, "
                            + "got type '" + geo.getString("type") + "'");
                }
            } catch (io.vertx.core.json.DecodeException e) {
                throw new IllegalArgumentException("console.map.baseLayerGeoJson: is not valid JSON: " + e.getMessage());
            }
        }
        return new MapSettings(m.tileUrl(), m.attribution(), baseLayer, m.centerLat(), m.centerLon(), m.zoom());
    }

    /** One consumer group per node: every api node shows every change to its own sockets. */
    static String liveGroupId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        // A random part too: two nodes in one JVM (tests) must not split the partitions of one group between them.
        return "citywatch-live-" + host.replaceAll("[^A-Za-z0-9._-]", "-") + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
