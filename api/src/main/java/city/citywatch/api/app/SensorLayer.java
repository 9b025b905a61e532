package city.citywatch.api.app;

import city.citywatch.analytics.flood.GaugeFloodWatch;
import city.citywatch.analytics.flood.GaugeReadings;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import city.citywatch.ingest.sensor.MqttSensorVerticle;
import city.citywatch.ingest.sensor.SensorIngestStats;
import city.citywatch.storage.sensor.SensorReadingRepository;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;

/**
 * The sensor layer of a node: the gauges' latest readings (read by every camera's flood rule) and, when
 * {@code mqtt.brokerUrl} is set, the MQTT subscription that feeds them. Each reading is stored with its
 * {@code citywatch.sensors} outbox row, then updates the latest readings and the gauge-only flood watch.
 * Without a broker the node runs without sensors (the embedded default): flood-watch zones then rely on video alone.
 */
final class SensorLayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SensorLayer.class);
    /** A gauge silent for longer no longer counts (typical gauges report every 1-5 minutes). */
    static final Duration READING_MAX_AGE = Duration.ofMinutes(15);
    private static final double GAUGE_CLOSE_RATIO = 0.8;

    private final GaugeReadings readings;
    private final Map<String, Sensor> sensors = new HashMap<>();
    private Vertx vertx;
    private MqttSensorVerticle verticle;

    private SensorLayer(List<Sensor> sensors) {
        this.readings = new GaugeReadings(sensors, READING_MAX_AGE);
        sensors.forEach(s -> this.sensors.put(s.id(), s));
    }

    /**
     * @param ongoing     flooding events still open for a camera id (a gauge's is {@code sensor:<id>})
     * @param stored      run after each stored reading or event change (wakes the outbox publisher)
     * @param rainChanged run after each rain reading: cameras of flood-watch zones linked to the gauge may need
     *                    another analysis rate
     */
    static SensorLayer start(CityWatchConfig config, List<Camera> cameras, SensorReadingRepository repository,
                             EventSink events, Function<String, List<Event>> ongoing, Runnable stored,
                             Runnable rainChanged, MeterRegistry meters) throws Exception {
        SensorLayer layer = new SensorLayer(config.sensors());
        if (!config.mqtt().enabled()) {
            LOG.info("no MQTT broker configured (mqtt.brokerUrl): running without water-level and rain gauges");
            return layer;
        }
        Map<String, Event> carriedOver = new HashMap<>();
        for (Sensor s : config.sensors()) {
            ongoing.apply(EventTypes.SENSOR_CAMERA_PREFIX + s.id()).stream().findFirst().ifPresent(e -> carriedOver.put(s.id(), e));
        }
        GaugeFloodWatch gaugeFloods = new GaugeFloodWatch(events, departments(cameras), GAUGE_CLOSE_RATIO,
                Duration.ofMinutes(5), carriedOver);
        layer.vertx = Vertx.vertx();
        layer.verticle = new MqttSensorVerticle(config.mqtt(), config.sensors(), reading -> {
            repository.store(reading);
            stored.run();
            layer.readings.update(reading);
            gaugeFloods.onReading(layer.sensors.get(reading.sensorId()), reading);
            if (reading.kind() == SensorKind.RAIN) rainChanged.run();
        });
        layer.vertx.deployVerticle(layer.verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        SensorIngestStats stats = layer.verticle.stats();
        FunctionCounter.builder("citywatch.sensor.readings", stats, SensorIngestStats::accepted)
                .description("gauge readings stored").register(meters);
        FunctionCounter.builder("citywatch.sensor.readings.rejected", stats, SensorIngestStats::rejected)
                .description("MQTT payloads refused as invalid (logged with topic and reason)").register(meters);
        LOG.info("sensor layer: {} gauge(s) over MQTT {}", config.sensors().size(), config.mqtt().brokerUrl());
        return layer;
    }

    /** Gauge id → department of the first flood-watch zone that links it. */
    private static Map<String, String> departments(List<Camera> cameras) {
        Map<String, String> out = new HashMap<>();
        for (Camera c : cameras) {
            for (Zone z : c.zones()) {
                if (z.kind() != ZoneKind.FLOOD_WATCH || z.params().gauges() == null) continue;
                z.params().gauges().forEach(g -> out.putIfAbsent(g, z.department()));
            }
        }
        return out;
    }

    GaugeReadings readings() {
        return readings;
    }

    /** Null when no broker is configured. */
    SensorIngestStats stats() {
        return verticle == null ? null : verticle.stats();
    }

    boolean subscribed() {
        return verticle != null && verticle.subscribed();
    }

    @Override
    public void close() throws Exception {
        if (vertx == null) return;
        // the MQTT client before Vert.x, or closing can hang (STACK.md)
        if (verticle != null && verticle.deploymentID() != null) {
            vertx.undeploy(verticle.deploymentID()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
