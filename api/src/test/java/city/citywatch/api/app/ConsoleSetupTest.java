package city.citywatch.api.app;

import city.citywatch.api.http.console.MapSettings;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import city.citywatch.core.config.AuthConfig;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded demo's accounts and map, and what a production node gets when it sets neither. */
class ConsoleSetupTest {

    @Test
    void theDemoGetsItsDocumentedAccountsAKeyAndTheSyntheticDistrict() {
        CityWatchConfig demo = ConfigLoader.parseYaml("demo: {enabled: true}", Map.of());
        AuthConfig auth = ConsoleSetup.auth(demo);
        assertThat(auth.jwtSecret()).isNotBlank();
        for (String[] u : ConsoleSetup.DEMO_USERS) {
            AuthConfig.User user = auth.users().stream().filter(x -> x.username().equals(u[0])).findFirst().orElseThrow();
            assertThat(PasswordHash.verify(u[1], user.passwordHash())).as(u[0]).isTrue();
            assertThat(user.roles()).containsExactly(UserRole.parse(u[3]));
        }
        assertThat(auth.apiKeys()).singleElement().satisfies(k -> {
            assertThat(PasswordHash.verifyApiKey(ConsoleSetup.DEMO_SERVICE_KEY, k.keyHash())).isTrue();
            assertThat(k.roles()).containsExactly(UserRole.SERVICE);
        });
        MapSettings map = ConsoleSetup.map(demo);
        assertThat(map.tileUrl()).isNull();
        JsonObject geo = new JsonObject(map.baseLayerGeoJson());
        assertThat(geo.getString("type")).isEqualTo("FeatureCollection");
        assertThat(geo.encode()).contains("SYNTHETIC");
    }

    @Test
    void aProductionNodeGetsNoDemoAccountsAndItsOwnBaseLayer(@TempDir Path dir) throws Exception {
        Path district = dir.resolve("district.geojson");
        Files.writeString(district, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        CityWatchConfig prod = ConfigLoader.parseYaml("console: {map: {baseLayerGeoJson: '" + district + "'}}", Map.of());
        assertThat(ConsoleSetup.auth(prod).users()).isEmpty();
        assertThat(ConsoleSetup.map(prod).baseLayerGeoJson()).contains("FeatureCollection");

        Files.writeString(district, "{\"type\":\"Feature\"}");
        assertThatThrownBy(() -> ConsoleSetup.map(prod)).hasMessageContaining("console.map.baseLayerGeoJson")
                .hasMessageContaining("FeatureCollection");
    }
}
