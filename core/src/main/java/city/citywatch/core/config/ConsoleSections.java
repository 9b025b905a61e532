package city.citywatch.core.config;

import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates the {@code auth} and {@code console} sections; every problem names its key. */
final class ConsoleSections {
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private ConsoleSections() {
    }

    static AuthConfig auth(ConfigTree root) {
        ConfigTree a = root.section("auth");
        String secret = a.string("jwtSecret", null);
        if (secret != null && secret.isBlank()) secret = null;
        if (secret != null && secret.length() < 32) {
            a.problem(a.key("jwtSecret"), "must be at least 32 characters (HS256 key), got " + secret.length()
                    + "; leave it empty to generate one per start (single api node only)");
        }
        int ttl = a.integer("tokenTtlMinutes", 480, 1, 24 * 60);
        List<AuthConfig.User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigTree u : a.list("users")) {
            String username = u.string("username", null);
            if (username == null || !username.matches(NAME_PATTERN)) {
                u.problem(u.key("username"), "is required: 1-64 letters, digits, '.', '_', '-', got " + quoted(username));
                continue;
            }
            if (!names.add(username)) u.problem(u.key("username"), "'" + username + "' is defined twice");
            String hash = u.string("passwordHash", null);
            String hashProblem = PasswordHash.problem(hash);
            if (hashProblem != null) u.problem(u.key("passwordHash"), hashProblem);
            if (u.has("password")) {
                u.node("password");
                u.problem(u.key("password"), "plain passwords are not accepted; set passwordHash (./citywatch hash-password)");
            }
            Set<UserRole> roles = roles(u);
            users.add(new AuthConfig.User(username, u.string("displayName", username), hash, roles));
        }
        List<AuthConfig.ApiKey> keys = new ArrayList<>();
        Set<String> keyNames = new HashSet<>();
        for (ConfigTree k : a.list("apiKeys")) {
            String name = k.string("name", null);
            if (name == null || !name.matches(NAME_PATTERN)) {
                k.problem(k.key("name"), "is required: 1-64 letters, digits, '.', '_', '-', got " + quoted(name));
                continue;
            }
            if (!keyNames.add(name)) k.problem(k.key("name"), "'" + name + "' is defined twice");
            String hash = k.string("keyHash", null);
            String hashProblem = PasswordHash.apiKeyProblem(hash);
            if (hashProblem != null) k.problem(k.key("keyHash"), hashProblem);
            keys.add(new AuthConfig.ApiKey(name, hash, roles(k)));
        }
        return new AuthConfig(secret, ttl, users, keys);
    }

    private static Set<UserRole> roles(ConfigTree t) {
        JsonNode n = t.node("roles");
        Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
        if (n == null || !n.isArray() || n.isEmpty()) {
            t.problem(t.key("roles"), "is required: a non-empty list of " + UserRole.allowed());
            return roles;
        }
        for (JsonNode r : n) {
            try {
                roles.add(UserRole.parse(r.asText()));
            } catch (IllegalArgumentException e) {
                t.problem(t.key("roles"), e.getMessage());
            }
        }
        return roles;
    }

    static ConsoleConfig console(ConfigTree root) {
        ConfigTree c = root.section("console");
        ConfigTree m = c.section("map");
        String tileUrl = m.string("tileUrl", null);
        if (tileUrl != null && tileUrl.isBlank()) tileUrl = null;
        if (tileUrl != null && (!tileUrl.matches("https?://.+") || !tileUrl.contains("{z}") || !tileUrl.contains("{x}")
                || !tileUrl.contains("{y}"))) {
            m.problem(m.key("tileUrl"), "must be an http(s) URL template with {z}, {x} and {y}, e.g. "
                    + "https://tiles.city.example/{z}/{x}/{y}.png, or empty for no tiles; got '" + tileUrl + "'");
        }
        Path base = m.parsed("baseLayerGeoJson", null, Path::of, "a file path");
        if (base != null && !Files.isReadable(base)) {
            m.problem(m.key("baseLayerGeoJson"), "file " + base + " does not exist or cannot be read");
        }
        Double lat = m.has("centerLat") ? m.decimal("centerLat", 0, -90, 90) : null;
        Double lon = m.has("centerLon") ? m.decimal("centerLon", 0, -180, 180) : null;
        if ((lat == null) != (lon == null)) {
            m.problem(m.key(lat == null ? "centerLat" : "centerLon"), "must be set together with "
                    + m.key(lat == null ? "centerLon" : "centerLat"));
        }
        var map = new ConsoleConfig.Map(tileUrl, m.string("attribution", null), base, lat, lon, m.integer("zoom", 15, 1, 20));
        return new ConsoleConfig(map, c.integer("suppressionHours", 24, 1, 24 * 30));
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
