package city.citywatch.core.config;

import city.citywatch.core.sensor.SensorKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorConfigTest {
    @Test
    void noBrokerMeansNoSensorLayer() {
        CityWatchConfig c = ConfigLoader.parseYaml("", Map.of());
        assertThat(c.mqtt().enabled()).isFalse();
        assertThat(c.sensors()).isEmpty();
        assertThat(c.flood().modelDir()).isNull();
        assertThat(c.flood().rainFps()).isEqualTo(2.0);
    }

    @Test
    void gaugesAndTheirBrokerAreRead() {
        CityWatchConfig c = ConfigLoader.parseYaml("""
                mqtt: {brokerUrl: "tcp://mqtt.city.local:1883", clientId: node-1, username: cw, password: secret}
                sensors:
                  - {id: gauge-1, name: Underpass, kind: water_level, topic: city/gauges/1, threshold: 20,
                     location: {lat: 30.6, lon: 104.1, address: "Renmin Rd"}}
                  - {id: rain-1, kind: rain, topic: city/rain/1, threshold: 30}
                """, Map.of("CITYWATCH_FLOOD_RAIN_FPS", "3"));
        assertThat(c.mqtt().brokerUrl()).isEqualTo(URI.create("tcp://mqtt.city.local:1883"));
        assertThat(c.mqtt().toString()).doesNotContain("secret");
        assertThat(c.sensors()).hasSize(2);
        assertThat(c.sensors().get(0).unit()).isEqualTo("cm");
        assertThat(c.sensors().get(1).kind()).isEqualTo(SensorKind.RAIN);
        assertThat(c.sensors().get(1).unit()).isEqualTo("mm/h");
        assertThat(c.flood().rainFps()).isEqualTo(3.0);
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("""
                mqtt: {brokerUrl: "http://broker:1883", clientId: "a b"}
                sensors:
                  - {id: g/1, kind: water_level, topic: city/#, threshold: 20}
                  - {id: g2, kind: snow, topic: t2, threshold: 1}
                  - {id: g3, kind: water_level, topic: t3, unit: m, threshold: 20}
                  - {id: g4, kind: rain, topic: t4}
                  - {id: g5, kind: rain, topic: t5, threshold: 10}
                  - {id: g6, kind: rain, topic: t5, threshold: 10}
                cameras:
                  - id: cam-1
                    streamUri: rtsp://10.0.0.1/main
                    zones:
                      - {id: z, kind: flood_watch, polygon: [[0,0],[1,0],[1,1]], params: {gauges: [g5, nobody]}}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "mqtt.brokerUrl: must be tcp://host:port or ssl://host:port (or empty: no sensor layer), got 'http://broker:1883' (scheme must be tcp or ssl, with a host and a port)",
                        "mqtt.clientId: must be 1-64 letters, digits, '_' or '-' (the broker keeps the session under it), got 'a b'",
                        "sensors[0].id: must be 1-56 letters, digits, '_' or '-' starting with a letter or digit, got 'g/1'",
                        "sensors[1].kind: must be one of water_level, rain, got 'snow'",
                        "sensors[2].unit: must be 'cm' for a water_level sensor (readings are stored and compared in it), got 'm'",
                        "sensors[3].threshold: is required (water level in cm that is a flood, or rain in mm/h that speeds up analysis)",
                        "sensors[5].topic: 't5' is already the topic of sensor 'g5'; one topic per sensor",
                        "cameras[0].zones[0].params.gauges[1]: names sensor 'nobody' which is not in sensors[] (configured: [g5])"));
    }

    @Test
    void sensorsNeedABroker() {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("sensors: [{id: g1, kind: rain, topic: t, threshold: 5}]", Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "mqtt.brokerUrl: is required when sensors are configured (their readings arrive over MQTT)"));
    }
}
