package city.citywatch.api.testing;

import city.citywatch.core.auth.PasswordHash;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The service account whole-platform tests call the API with: every /api/v1 operation wants credentials, and a
 * test should not need a sign-in round trip to read what it asserts on.
 */
public final class TestApiKey {
    public static final String KEY = "e2e-admin-key";

    private TestApiKey() {
    }

    /** The {@code auth:} section that makes {@link #KEY} an admin key; append it to a test's YAML. */
    public static String authYaml() {
        return "auth:\n  apiKeys: [{name: e2e-admin, keyHash: '" + PasswordHash.apiKeyHash(KEY) + "', roles: [admin]}]\n";
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", KEY);
    }
}
