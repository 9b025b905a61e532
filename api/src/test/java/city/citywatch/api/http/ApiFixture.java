package city.citywatch.api.http;

import city.citywatch.api.http.console.MapSettings;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import city.citywatch.core.config.AuthConfig;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.storage.camera.CameraRepository;
import city.citywatch.storage.event.EventStatistics;
import city.citywatch.storage.suppression.SuppressionRepository;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.objectstore.EmbeddedS3Server;
import city.citywatch.storage.objectstore.ObjectStore;
import city.citywatch.storage.objectstore.ObjectStoreSettings;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running API on a free port over real peers: H2 in a temp dir through the storage repositories, the
 * embedded S3 server through the MinIO SDK, a Prometheus registry. Health checks are real (a database
 * ping, the bucket's existence) plus one a test can turn DOWN.
 */
final class ApiFixture implements AutoCloseable {
    static final String ACCESS_KEY = "citywatch-test";
    static final String SECRET_KEY = "citywatch-test-secret";

    final Database db;
    final CameraRepository cameras;
    final EventRepository events;
    final EmbeddedS3Server s3;
    final ObjectStore store;
    final RecordingCameraRuntime runtime = new RecordingCameraRuntime();
    final Map<String, HealthState> extraHealth = new ConcurrentHashMap<>();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Vertx vertx = Vertx.vertx();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int port;
    final ConsoleDependencies console;

    /** One password user per role (password = username + "-pass") and one API key per role ("test-key-" + role). */
    static final AuthConfig TEST_AUTH = testAuth();
    /** What the helpers below send unless told otherwise: the admin's API key, so resource tests see everything. */
    static final String ADMIN_KEY = key(UserRole.ADMIN);

    static String key(UserRole role) {
        return "test-key-" + role.wireName();
    }

    private static AuthConfig testAuth() {
        List<AuthConfig.User> users = new ArrayList<>();
        List<AuthConfig.ApiKey> keys = new ArrayList<>();
        for (UserRole r : UserRole.values()) {
            users.add(new AuthConfig.User(r.wireName(), "Test " + r.wireName(),
                    PasswordHash.hash(r.wireName() + "-pass", PasswordHash.MIN_ITERATIONS), Set.of(r)));
            keys.add(new AuthConfig.ApiKey("svc-" + r.wireName(), PasswordHash.apiKeyHash(key(r)), Set.of(r)));
        }
        return new AuthConfig("test-jwt-secret-0123456789-0123456789-abcdef", 60, users, keys);
    }

    private ApiFixture(Path dir, HttpSettings settings, HealthSource healthOverride, OnvifSettings onvif) throws Exception {
        db = Database.open(DatabaseSettings.embedded(dir.resolve("db")));
        cameras = new CameraRepository(db);
        events = new EventRepository(db);
        s3 = EmbeddedS3Server.start(dir.resolve("s3"), 0, ACCESS_KEY, SECRET_KEY);
        store = new ObjectStore(new ObjectStoreSettings(s3.endpoint(), ACCESS_KEY, SECRET_KEY, "evidence", null));
        store.ensureBucket();
        HealthSource health = healthOverride != null ? healthOverride : () -> {
            Map<String, HealthState> checks = new ConcurrentHashMap<>(extraHealth);
            checks.put("database", db.read("ping", c -> c.isValid(2)) ? HealthState.up(db.productName())
                    : HealthState.down("connection not valid"));
            return checks;
        };
        console = new ConsoleDependencies(TEST_AUTH, new SuppressionRepository(db), new AuditLog(db),
                new EventStatistics(db), MapSettings.NONE, Duration.ofHours(24));
        HttpApiDependencies deps = new HttpApiDependencies(cameras, events, store, runtime, registry, health, settings, onvif,
                console);
        port = HttpApiVerticle.deploy(vertx, new HttpApiVerticle(deps))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static ApiFixture start(Path dir) throws Exception {
        return new ApiFixture(dir, HttpSettings.of("127.0.0.1", 0), null, null);
    }

    /** With these ONVIF settings (tests point WS-Discovery at a directed target so that nothing is multicast). */
    static ApiFixture start(Path dir, OnvifSettings onvif) throws Exception {
        return new ApiFixture(dir, HttpSettings.of("127.0.0.1", 0), null, onvif);
    }

    static ApiFixture start(Path dir, HttpSettings settings, HealthSource health) throws Exception {
        return new ApiFixture(dir, settings, health, null);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(signed(HttpRequest.newBuilder(uri(pathAndQuery))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(signed(HttpRequest.newBuilder(uri(path))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request, with exactly the headers given (no credentials added): for auth and role tests. */
    HttpResponse<String> send(String method, String pathAndQuery, String jsonBody, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).method(method, jsonBody == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with a password and answers the bearer token. */
    String token(String username, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/auth/token",
                new JsonObject().put("username", username).put("password", password).encode(), Map.of());
        if (r.statusCode() != 200) throw new IllegalStateException("sign-in of " + username + " failed: " + r.body());
        return json(r).getString("token");
    }

    private static HttpRequest.Builder signed(HttpRequest.Builder b) {
        return b.header("X-Api-Key", ADMIN_KEY);
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return post(path, "application/json", body);
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = signed(HttpRequest.newBuilder(uri(path))).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    static JsonObject error(HttpResponse<String> response) {
        return json(response).getJsonObject("error");
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
        s3.close();
        db.close();
    }
}
