package city.citywatch.ingest.sensor;

import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.ingest.testing.MosquittoBroker;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sensor layer's MQTT side against a real Mosquitto broker, published to by mosquitto_pub. */
class MqttSensorVerticleTest {
    private static final Sensor LEVEL = new Sensor("gauge-1", "Underpass gauge", SensorKind.WATER_LEVEL,
            "city/gauges/gauge-1", "cm", null, 20);
    private static final Sensor RAIN = new Sensor("rain-1", null, SensorKind.RAIN, "city/rain/rain-1", null, null, 30);

    private MosquittoBroker broker;
    private Vertx vertx;
    private final List<SensorReading> received = new CopyOnWriteArrayList<>();
    private MqttSensorVerticle verticle;

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        // MQTT client before Vert.x, or closing can hang (STACK.md)
        if (verticle != null) vertx.undeploy(verticle.deploymentID()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        broker.close();
    }

    private void deploy(ReadingListener listener) throws Exception {
        deployWithoutWaiting(listener);
        await().atMost(Duration.ofSeconds(20)).until(verticle::subscribed);
    }

    private void deployWithoutWaiting(ReadingListener listener) throws Exception {
        var mqtt = new CityWatchConfig.Mqtt(URI.create(broker.url()), "citywatch-test", null, null, 30, 2);
        verticle = new MqttSensorVerticle(mqtt, List.of(LEVEL, RAIN), listener);
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNodeStartsWhileTheBrokerIsDownAndSubscribesWhenItComes() throws Exception {
        broker.kill();
        deployWithoutWaiting(received::add);
        Thread.sleep(1500); // a few refused attempts
        assertThat(verticle.subscribed()).isFalse();
        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(verticle::subscribed);
        broker.publish(LEVEL.topic(), "7");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
        assertThat(verticle.stats().connections()).isEqualTo(1);
    }

    @Test
    void readingsArriveValidatedAndBadPayloadsAreCountedNotFatal() throws Exception {
        deploy(received::add);

        broker.publish(LEVEL.topic(), "12.5");
        broker.publish(LEVEL.topic(), "{\"value\": \"deep\"}");
        broker.publish(RAIN.topic(), "{\"value\": 42, \"unit\": \"cm\"}");
        broker.publish(LEVEL.topic(), "-3");
        broker.publish(RAIN.topic(), "{\"value\": 42.0, \"unit\": \"mm/h\", \"measuredAt\": \"2026-07-01T08:00:00Z\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2 && verticle.stats().rejected() == 3);
        assertThat(received).extracting(SensorReading::sensorId, SensorReading::kind, SensorReading::value, SensorReading::unit)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("gauge-1", SensorKind.WATER_LEVEL, 12.5, "cm"),
                        org.assertj.core.groups.Tuple.tuple("rain-1", SensorKind.RAIN, 42.0, "mm/h"));
        assertThat(received).filteredOn(r -> r.sensorId().equals("rain-1")).singleElement()
                .satisfies(r -> assertThat(r.measuredAt()).isEqualTo(Instant.parse("2026-07-01T08:00:00Z")));
        assertThat(verticle.stats().accepted()).isEqualTo(2);
    }

    @Test
    void brokerRestartDoesNotLoseTheSubscription() throws Exception {
        deploy(received::add);
        broker.publish(LEVEL.topic(), "5");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);

        broker.kill();
        await().atMost(Duration.ofSeconds(20)).until(() -> !verticle.subscribed());
        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(verticle::subscribed);

        broker.publish(LEVEL.topic(), "25");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        assertThat(received.get(1).value()).isEqualTo(25.0);
        assertThat(verticle.stats().connections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReadingTheListenerCouldNotKeepIsRetriedUntilKept() throws Exception {
        AtomicBoolean storeDown = new AtomicBoolean(true);
        deploy(r -> {
            if (storeDown.get()) throw new IllegalStateException("store down");
            received.add(r);
        });
        broker.publish(LEVEL.topic(), "30");
        await().atMost(Duration.ofSeconds(20)).until(() -> verticle.stats().failed() >= 2);
        assertThat(received).isEmpty();

        storeDown.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
        assertThat(received.getFirst().value()).isEqualTo(30.0);
    }
}
