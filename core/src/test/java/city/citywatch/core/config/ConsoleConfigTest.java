package city.citywatch.core.config;

import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auth and console sections: validated up front, every problem naming its key, secrets never in clear. */
class ConsoleConfigTest {

    @Test
    void usersKeysAndMapAreReadWithTheirDefaults() {
        String hash = PasswordHash.hash("s3cret-pass", PasswordHash.MIN_ITERATIONS);
        CityWatchConfig c = ConfigLoader.parseYaml("""
                auth:
                  users: [{username: li.wei, displayName: 李伟, passwordHash: '%s', roles: [officer, police]}]
                  apiKeys: [{name: hotline, keyHash: '%s', roles: [service]}]
                console:
                  map: {tileUrl: 'https://tiles.city.example/{z}/{x}/{y}.png', centerLat: 31.2, centerLon: 121.5}
                """.formatted(hash, PasswordHash.apiKeyHash("k-123")), Map.of("CITYWATCH_AUTH_JWT_SECRET", "x".repeat(40)));
        AuthConfig auth = c.auth();
        assertThat(auth.jwtSecret()).hasSize(40);
        assertThat(auth.tokenTtlMinutes()).isEqualTo(480);
        assertThat(auth.users()).singleElement().satisfies(u -> {
            assertThat(u.displayName()).isEqualTo("李伟");
            assertThat(u.roles()).isEqualTo(Set.of(UserRole.OFFICER, UserRole.POLICE));
            assertThat(PasswordHash.verify("s3cret-pass", u.passwordHash())).isTrue();
            assertThat(PasswordHash.verify("wrong", u.passwordHash())).isFalse();
        });
        assertThat(PasswordHash.verifyApiKey("k-123", auth.apiKeys().getFirst().keyHash())).isTrue();
        assertThat(auth.toString()).doesNotContain("xxxx").doesNotContain(hash);
        assertThat(c.console().suppressionHours()).isEqualTo(24);
        assertThat(c.console().map().zoom()).isEqualTo(15);
        assertThat(c.console().map().centerLon()).isEqualTo(121.5);
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("""
                auth:
                  jwtSecret: short
                  tokenTtlMinutes: 0
                  users:
                    - {username: admin, password: admin, roles: [admin]}
                    - {username: 'bad name', passwordHash: 'pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', roles: [admin]}
                    - {username: cop, passwordHash: 'pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', roles: [sheriff]}
                  apiKeys:
                    - {name: svc, keyHash: 'plain-key', roles: []}
                console:
                  suppressionHours: 0
                  map: {tileUrl: 'https://tiles.example/map.png', baseLayerGeoJson: /nonexistent/district.geojson, centerLat: 31}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                        "auth.jwtSecret: must be at least 32 characters (HS256 key), got 5; leave it empty to generate one per start (single api node only)",
                        "auth.tokenTtlMinutes: must be between 1 and 1440, got 0",
                        "auth.users[0].passwordHash: is required: pbkdf2-sha256$<iterations>$<salt>$<hash> (./citywatch hash-password prints one)",
                        "auth.users[0].password: plain passwords are not accepted; set passwordHash (./citywatch hash-password)",
                        "auth.users[1].username: is required: 1-64 letters, digits, '.', '_', '-', got 'bad name'",
                        "auth.users[2].passwordHash: must use at least 10000 iterations, got 1000",
                        "auth.users[2].roles: allowed values are admin, officer, police, service; got 'sheriff'",
                        "auth.apiKeys[0].keyHash: must be sha256:<64 lower-case hex digits> of the key; a plain key is refused",
                        "auth.apiKeys[0].roles: is required: a non-empty list of admin, officer, police, service",
                        "console.suppressionHours: must be between 1 and 720, got 0",
                        "console.map.tileUrl: must be an http(s) URL template with {z}, {x} and {y}, e.g. "
                                + "https://tiles.city.example/{z}/{x}/{y}.png, or empty for no tiles; got 'https://tiles.example/map.png'",
                        "console.map.baseLayerGeoJson: file /nonexistent/district.geojson does not exist or cannot be read",
                        "console.map.centerLon: must be set together with console.map.centerLat"));
    }
}
