package city.citywatch.ingest.sensor;

import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorReading;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one MQTT connection of the sensor layer: subscribes to every configured gauge's topic with QoS 1, validates
 * each payload ({@link ReadingParser}), hands valid readings to the {@link ReadingListener} on a worker thread and
 * acknowledges them only once the listener has kept them.
 * <p>
 * The broker session is persistent ({@code cleanSession=false}), so readings published while CityWatch was away
 * are delivered on reconnect; subscriptions are nevertheless renewed after every connect, because a broker that
 * restarted without persistence has forgotten them. A lost connection is retried with exponential back-off up to
 * {@code mqtt.reconnectMaxSeconds}, for ever: gauges matter most in exactly the storms that cut networks.
 */
public final class MqttSensorVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSensorVerticle.class);
    private static final long FIRST_RETRY_MS = 250;

    private final CityWatchConfig.Mqtt settings;
    private final Map<String, Sensor> byTopic = new LinkedHashMap<>();
    private final ReadingListener listener;
    private final SensorIngestStats stats = new SensorIngestStats();
    private MqttClient client;
    private long retryMs = FIRST_RETRY_MS;
    private boolean stopping;
    /** A reconnect is scheduled: a refused CONNECT reports both a failure and a close, one retry is enough. */
    private boolean retryScheduled;
    private volatile boolean subscribed;

    public MqttSensorVerticle(CityWatchConfig.Mqtt settings, List<Sensor> sensors, ReadingListener listener) {
        if (!settings.enabled()) throw new IllegalArgumentException("mqtt.brokerUrl is not set");
        this.settings = settings;
        this.listener = listener;
        for (Sensor s : sensors) byTopic.put(s.topic(), s);
    }

    public SensorIngestStats stats() {
        return stats;
    }

    /** True while connected with every gauge topic subscribed. */
    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public void start(Promise<Void> started) {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(settings.keepAliveSeconds())
                // the default of 10 refuses bursts (a gauge network reporting after an outage); see STACK.md
                .setMaxInflightQueue(1000)
                .setSsl("ssl".equals(settings.brokerUrl().getScheme()));
        options.setAutoAck(false);
        if (settings.username() != null) options.setUsername(settings.username()).setPassword(settings.password());
        client = MqttClient.create(vertx, options);
        client.publishHandler(this::onMessage);
        client.closeHandler(v -> {
            subscribed = false;
            if (stopping) return;
            LOG.warn("MQTT connection to {} lost; reconnecting (gauge readings wait in the broker's session)",
                    settings.brokerUrl());
            scheduleConnect();
        });
        // Start does not wait for the broker: a node must come up while the broker is down, and catch up later.
        connect();
        started.complete();
    }

    private void connect() {
        if (stopping) return;
        client.connect(settings.brokerUrl().getPort(), settings.brokerUrl().getHost())
                .compose(ack -> {
                    stats.connections.incrementAndGet();
                    retryMs = FIRST_RETRY_MS;
                    Map<String, Integer> topics = new LinkedHashMap<>();
                    byTopic.keySet().forEach(t -> topics.put(t, MqttQoS.AT_LEAST_ONCE.value()));
                    return topics.isEmpty() ? io.vertx.core.Future.succeededFuture(0) : client.subscribe(topics);
                })
                .onSuccess(id -> {
                    subscribed = true;
                    LOG.info("MQTT connected to {} as {}, subscribed to {} gauge topics (QoS 1)", settings.brokerUrl(),
                            settings.clientId(), byTopic.size());
                })
                .onFailure(e -> {
                    LOG.warn("MQTT broker {} not reachable ({}); retrying in {} ms", settings.brokerUrl(), e.getMessage(), retryMs);
                    if (client.isConnected()) client.disconnect(); // a failed subscribe: start over cleanly
                    else scheduleConnect();
                });
    }

    private void scheduleConnect() {
        if (stopping || retryScheduled) return;
        retryScheduled = true;
        long delay = retryMs;
        retryMs = Math.min(retryMs * 2, settings.reconnectMaxSeconds() * 1000L);
        vertx.setTimer(delay, t -> {
            retryScheduled = false;
            connect();
        });
    }

    private void onMessage(MqttPublishMessage message) {
        Instant received = Instant.now();
        Sensor sensor = byTopic.get(message.topicName());
        if (sensor == null) {
            stats.rejected.incrementAndGet();
            LOG.warn("MQTT message on topic '{}' ignored: no sensor in the configuration has that topic", message.topicName());
            message.ack();
            return;
        }
        SensorReading reading;
        try {
            reading = ReadingParser.parse(sensor, message.payload().getBytes(), received);
        } catch (BadReadingException e) {
            stats.rejected.incrementAndGet();
            LOG.warn("bad reading of sensor {} on topic '{}' refused: {}", sensor.id(), message.topicName(), e.getMessage());
            message.ack(); // sending it again would not make it valid
            return;
        }
        keep(message, sensor, reading, FIRST_RETRY_MS);
    }

    /**
     * Hands the reading to the listener; while it cannot keep it (store down) it is tried again with back-off and
     * stays unacknowledged, so neither this node nor the broker lets it go.
     */
    private void keep(MqttPublishMessage message, Sensor sensor, SensorReading reading, long nextRetryMs) {
        vertx.executeBlocking(() -> {
            listener.onReading(reading);
            return null;
        }, true).onComplete(ar -> {
            if (ar.succeeded()) {
                stats.accepted.incrementAndGet();
                message.ack();
                return;
            }
            stats.failed.incrementAndGet();
            LOG.error("reading of sensor {} ({} {}) could not be kept: {}; retrying in {} ms (not acknowledged to the broker)",
                    sensor.id(), reading.value(), reading.unit(), ar.cause().toString(), nextRetryMs);
            if (stopping) return;
            vertx.setTimer(nextRetryMs, t -> keep(message, sensor, reading,
                    Math.min(nextRetryMs * 2, settings.reconnectMaxSeconds() * 1000L)));
        });
    }

    @Override
    public void stop(Promise<Void> stopped) {
        stopping = true;
        subscribed = false;
        if (client != null && client.isConnected()) {
            client.disconnect().onComplete(ar -> stopped.complete());
        } else {
            stopped.complete();
        }
    }
}
