package city.citywatch.api.app;

import city.citywatch.analytics.detect.BatchSettings;
import city.citywatch.analytics.detect.BatchingDetector;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.EventEngineSettings;
import city.citywatch.analytics.detect.ModelFileException;
import city.citywatch.analytics.flood.FloodAnalysis;
import city.citywatch.analytics.flood.FloodSettings;
import city.citywatch.analytics.flood.WaterModel;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.analytics.quality.QualitySettings;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.api.http.HealthState;
import city.citywatch.api.http.HttpApiDependencies;
import city.citywatch.api.http.HttpApiVerticle;
import city.citywatch.api.http.HttpSettings;
import city.citywatch.api.kafka.EmbeddedKafkaBroker;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicSettings;
import city.citywatch.api.stream.OutboxPublisher;
import city.citywatch.api.stream.PublisherSettings;
import city.citywatch.api.live.LiveFeed;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventSink;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.ingest.health.OfflineEvents;
import city.citywatch.storage.camera.CameraRepository;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.objectstore.EmbeddedS3Server;
import city.citywatch.storage.objectstore.EvidenceUploader;
import city.citywatch.storage.objectstore.ObjectStore;
import city.citywatch.storage.objectstore.ObjectStoreSettings;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.sensor.SensorReadingRepository;
import city.citywatch.storage.suppression.SuppressionRepository;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One CityWatch node: opens every part in dependency order (database, object store, Kafka, publisher, detector,
 * cameras, HTTP) and closes them in reverse. Embedded peers are started here when the configuration leaves their
 * address empty; otherwise the external service is used. {@link Main} is only argument parsing around this.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final CityWatchConfig config;
    private Database database;
    private EmbeddedKafkaBroker broker;
    private String kafkaBootstrap;
    private ObjectStore objectStore;
    private EvidenceUploader uploader;
    private OutboxPublisher publisher;
    private CameraRepository cameras;
    private EventRepository events;
    private volatile CameraSupervisor supervisor;
    private Vertx vertx;
    private int httpPort;

    private Platform(CityWatchConfig config) {
        this.config = config;
    }

    public static Platform start(CityWatchConfig config) throws Exception {
        Platform p = new Platform(config);
        try {
            p.open();
            return p;
        } catch (Exception | Error e) {
            LOG.error("start failed: {}", e.getMessage());
            p.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        opened.push(resource);
        return resource;
    }

    private void open() throws Exception {
        Path dataDir = Files.createDirectories(config.dataDir());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        own(meters::close);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        own(new JvmGcMetrics()).bindTo(meters);

        var db = config.database();
        database = own(Database.open(db.embedded() ? DatabaseSettings.embedded(dataDir.resolve("db"))
                : new DatabaseSettings(db.url(), db.user(), db.password(), db.maxPoolSize())));
        cameras = new CameraRepository(database);
        events = new EventRepository(database);
        LOG.info("database: {}", database.productName());

        boolean runsCameras = config.roles().contains(CityWatchConfig.Role.INGEST)
                || config.roles().contains(CityWatchConfig.Role.ANALYTICS);
        // Load the model before any slow step, so a missing or corrupt weight file is reported at once.
        // cameras' detector calls go through one batching stage (which owns and closes the model)
        Detector detector = runsCameras ? own(new BatchingDetector(DetectorFactory.create(new DetectorSettings(
                config.models().detector(), config.models().dir(), config.models().scoreThreshold(),
                DetectorSettings.DEFAULT_NMS_IOU)), BatchSettings.of(config.detectorBatch())))
                : null;

        var os = config.objectStore();
        URI endpoint = os.endpoint();
        if (os.embedded()) {
            EmbeddedS3Server s3 = own(EmbeddedS3Server.start(dataDir.resolve("objects"), os.embeddedPort(), os.accessKey(), os.secretKey()));
            endpoint = s3.endpoint();
            LOG.info("embedded S3-compatible store on {}", endpoint);
        }
        objectStore = own(new ObjectStore(new ObjectStoreSettings(endpoint, os.accessKey(), os.secretKey(), os.bucket(),
                os.region(), os.publicEndpoint())));
        try {
            objectStore.ensureBucket();
        } catch (RuntimeException e) {
            // Evidence waits in the spool and the uploader creates the bucket when the store is back.
            LOG.warn("object store {} is not reachable at start ({}); evidence will wait in {}", endpoint, e.getMessage(),
                    config.evidence().spoolDir());
        }
        uploader = own(new EvidenceUploader(objectStore, config.evidence().spoolDir()));
        Gauge.builder("citywatch.evidence.spooled", uploader, EvidenceUploader::spooled)
                .description("snapshots and clips waiting in the spool for the object store").register(meters);

        var k = config.kafka();
        kafkaBootstrap = k.bootstrapServers();
        if (k.embedded()) {
            broker = own(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), k.embeddedPort(), Duration.ofSeconds(90)));
            kafkaBootstrap = broker.bootstrapServers();
            LOG.info("embedded Kafka broker (KRaft) on {}", kafkaBootstrap);
        }
        TopicAdmin topics = own(new TopicAdmin(kafkaBootstrap, k.embedded() ? TopicSettings.embedded()
                : new TopicSettings(k.topicPartitions(), k.replicationFactor()), k.clientProperties()));
        try {
            topics.ensureStandardTopics(Duration.ofSeconds(k.embedded() ? 60 : 10));
        } catch (RuntimeException e) {
            // Events wait in the outbox; the publisher creates missing topics when the cluster answers.
            LOG.warn("Kafka {} is not reachable at start ({}); events will wait in the outbox", kafkaBootstrap, e.getMessage());
        }
        if (runsCameras) {
            // One publisher per deployment keeps each camera's events in order: the node that runs the cameras.
            publisher = own(new OutboxPublisher(new JdbcOutboxStore(database), topics,
                    PublisherSettings.defaults(kafkaBootstrap).withProducerOverrides(k.clientProperties())));
            publisher.start();
            Gauge.builder("citywatch.outbox.pending", publisher, OutboxPublisher::pendingCount)
                    .description("event changes waiting in the outbox for Kafka").register(meters);
            FunctionCounter.builder("citywatch.outbox.published", publisher, OutboxPublisher::publishedCount)
                    .description("CloudEvents acknowledged by Kafka").register(meters);
        }

        if (config.demo().enabled()) {
            // Owned before the supervisor so that at shutdown cameras stop before their source does.
            DemoCamera demo = own(DemoCamera.start(config.demo(), dataDir));
            upsert(demo.camera());
        }
        for (Camera c : config.cameras()) upsert(c);

        CameraRuntime runtime = CameraRuntime.NONE;
        if (runsCameras) {
            var ev = config.evidence();
            var defaults = AnalyzerSettings.defaults();
            AnalyzerSettings analyzerSettings = new AnalyzerSettings(defaults.focus(), defaults.tracker(), defaults.parking(),
                    new EventEngineSettings(Duration.ofSeconds(ev.preRollSeconds()), Duration.ofSeconds(ev.postRollSeconds()),
                            defaults.events().updateInterval()))
                    .withQuality(QualitySettings.of(config.quality()));
            var in = config.ingest();
            IngestSettings ingest = IngestSettings.defaults()
                    .withSocketTimeout(Duration.ofSeconds(in.socketTimeoutSeconds()))
                    .withBackoff(Duration.ofMillis(in.backoffInitialMillis()), Duration.ofSeconds(in.backoffMaxSeconds()), 0.2)
                    .withWatchdogTimeout(Duration.ofSeconds(in.watchdogSeconds()))
                    .withBuffer(Duration.ofSeconds(in.bufferSeconds()), IngestSettings.defaults().bufferMaxBytes())
                    // the decoder scales the full-frame view to the detector's input with swscale, so the
                    // detector does not resample the full frame in Java (tiles and snapshots keep full resolution)
                    .withDetectorInput(detector.wholeFrameInput().orElse(null));
            EventSink sink = new SuppressingEventSink(new StoringEventSink(events, publisher::nudge),
                    new SuppressionRepository(database));
            // owned before the supervisor: at shutdown the cameras stop (and are untracked) before it does
            OfflineEvents offline = own(new OfflineEvents(Duration.ofSeconds(in.offlineEventSeconds()), sink,
                    id -> events.ongoing(id, EventKind.CAMERA_HEALTH).stream()
                            .filter(e -> e.health() != null && OfflineEvents.FINDING.equals(e.health().finding())).findFirst(),
                    Clock.systemUTC()));
            SensorLayer sensors = own(SensorLayer.start(config, cameras.list(), new SensorReadingRepository(database), sink,
                    id -> events.ongoing(id, EventKind.FLOODING), publisher::nudge, () -> {
                        if (supervisor != null) supervisor.refreshAnalysisRates();
                    }, meters));
            FloodAnalysis flood = floodAnalysis(sensors);
            supervisor = own(new CameraSupervisor(ingest, detector, analyzerSettings, sink,
                    cameraId -> Stream.concat(events.ongoing(cameraId, EventKind.ILLEGAL_PARKING).stream(),
                            events.ongoing(cameraId, EventKind.CAMERA_HEALTH).stream()).toList(), uploader,
                    dataDir.resolve("clips-tmp"), meters, flood, offline));
            for (Camera c : cameras.list()) supervisor.cameraAdded(c);
            runtime = supervisor;
        }

        if (config.roles().contains(CityWatchConfig.Role.API)) {
            vertx = Vertx.vertx();
            own(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            var h = config.http();
            HttpSettings http = new HttpSettings(h.host(), h.port(), h.maxBodyBytes(),
                    Duration.ofSeconds(config.objectStore().signedUrlTtlSeconds()), HttpSettings.DEFAULT_BLOCKING_THREADS,
                    HttpSettings.DEFAULT_BLOCKING_QUEUE);
            var onvif = new OnvifSettings(Duration.ofMillis(config.onvif().requestTimeoutMillis()),
                    Duration.ofMillis(config.onvif().discoveryWaitMillis()));
            HttpApiVerticle api = new HttpApiVerticle(new HttpApiDependencies(cameras, events, objectStore, runtime,
                    meters, this::health, http, onvif, ConsoleSetup.dependencies(config, database)));
            // Owned after Vert.x, so closed before it: the consumer's thread publishes to Vert.x's event bus.
            LiveFeed feed = own(new LiveFeed(vertx, kafkaBootstrap, ConsoleSetup.liveGroupId(), config.kafka().clientProperties())).start();
            FunctionCounter.builder("citywatch.live.delivered", feed, LiveFeed::delivered)
                    .description("event changes taken from Kafka for this node's console WebSockets").register(meters);
            httpPort = HttpApiVerticle.deploy(vertx, api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The water model is trained outside the repository; without it flood-watch zones rely on their gauges. */
    private FloodAnalysis floodAnalysis(SensorLayer sensors) {
        Path dir = config.flood().modelDir() != null ? config.flood().modelDir() : WaterModel.defaultDir();
        try {
            WaterModel model = WaterModel.load(dir);
            LOG.info("water model {} loaded from {} (sha256 checked)", model.spec().name(), dir);
            return new FloodAnalysis(model, sensors.readings(), FloodSettings.defaults(), config.flood().rainFps());
        } catch (ModelFileException e) {
            LOG.warn("flood-watch zones get no video analysis: {}", e.getMessage());
            return null;
        }
    }

    /** Config cameras are the source of truth at start: a changed address or zone set replaces the stored camera. */
    private void upsert(Camera camera) {
        try {
            cameras.find(camera.id()).ifPresentOrElse(stored -> {
                if (!stored.equals(camera)) {
                    cameras.delete(camera.id());
                    cameras.create(camera);
                }
            }, () -> cameras.create(camera));
        } catch (DuplicateKeyException e) {
            LOG.info("camera {} was registered by another node starting at the same time", camera.id());
        }
    }

    private Map<String, HealthState> health() {
        // /health needs no login: details name no hosts or driver messages; those go to the log.
        Map<String, HealthState> checks = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection()) {
            checks.put("database", c.isValid(1) ? HealthState.up(database.productName()) : HealthState.down("connection not valid"));
        } catch (Exception e) {
            LOG.warn("health check: database unreachable: {}", e.getMessage());
            checks.put("database", HealthState.down("database unreachable"));
        }
        if (publisher != null) {
            long pending = publisher.pendingCount();
            checks.put("kafka", publisher.kafkaAvailable() ? HealthState.up(pending + " event(s) waiting in the outbox")
                    : HealthState.down("broker unreachable; " + pending + " event(s) wait in the outbox"));
        }
        int spooled = uploader.spooled();
        checks.put("objectStore", uploader.lastError().isPresent()
                ? HealthState.down("uploads failing; " + spooled + " upload(s) spooled")
                : HealthState.up(spooled + " upload(s) spooled"));
        return checks;
    }

    public int httpPort() {
        return httpPort;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The embedded broker, or null when an external Kafka is configured. */
    public EmbeddedKafkaBroker embeddedBroker() {
        return broker;
    }

    public ObjectStore objectStore() {
        return objectStore;
    }

    /** Gauge readings as stored (sensor layer). */
    public SensorReadingRepository sensorReadings() {
        return new SensorReadingRepository(database);
    }

    public EventRepository events() {
        return events;
    }

    public CameraRepository cameras() {
        return cameras;
    }

    public CityWatchConfig config() {
        return config;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", Objects.toString(e.getMessage(), e.toString()));
            }
        }
    }
}
