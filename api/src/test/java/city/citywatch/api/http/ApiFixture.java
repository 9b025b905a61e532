package city.citywatch.api.http;

import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.storage.camera.CameraRepository;
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
import java.util.Map;
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
        HttpApiDependencies deps = new HttpApiDependencies(cameras, events, store, runtime, registry, health, settings, onvif);
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
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return post(path, "application/json", body);
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
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
