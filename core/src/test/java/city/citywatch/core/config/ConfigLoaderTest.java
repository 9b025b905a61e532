package city.citywatch.core.config;

import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void noConfigurationMeansEverythingEmbedded() {
        CityWatchConfig c = ConfigLoader.parseYaml("", Map.of());
        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.objectStore().embedded()).isTrue();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.models().detector()).isEqualTo("picodet-s-416-coco");
        assertThat(c.evidence().preRollSeconds()).isEqualTo(10);
        assertThat(c.roles()).containsExactlyInAnyOrder(CityWatchConfig.Role.values());
    }

    @Test
    void qualityAndDetectorBatchHaveDefaultsAndNameTheirKeys() {
        CityWatchConfig d = ConfigLoader.parseYaml("", Map.of());
        assertThat(d.quality().enabled()).isTrue();
        assertThat(d.quality().checkIntervalSeconds()).isEqualTo(5);
        assertThat(d.quality().raiseAfter()).isEqualTo(3);
        assertThat(d.detectorBatch().maxBatch()).isEqualTo(4);
        CityWatchConfig c = ConfigLoader.parseYaml("quality:\n  darkMaxMeanLuma: 20\n  checkIntervalSeconds: 10\n",
                Map.of("CITYWATCH_QUALITY_RAISE_AFTER", "5", "CITYWATCH_DETECTOR_BATCH_MAX_BATCH", "8"));
        assertThat(c.quality().darkMaxMeanLuma()).isEqualTo(20);
        assertThat(c.quality().checkIntervalSeconds()).isEqualTo(10);
        assertThat(c.quality().raiseAfter()).isEqualTo(5);
        assertThat(c.detectorBatch().maxBatch()).isEqualTo(8);
        assertThatThrownBy(() -> ConfigLoader.parseYaml("""
                quality:
                  darkMaxMeanLuma: 240
                  blurMinSharpnessRatio: 2
                  covered: true
                detectorBatch:
                  maxBatch: 0
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quality.darkMaxMeanLuma: must be below quality.brightMinMeanLuma (220.0), got 240.0")
                .hasMessageContaining("quality.blurMinSharpnessRatio")
                .hasMessageContaining("quality.covered")
                .hasMessageContaining("detectorBatch.maxBatch");
    }

    @Test
    void ingestWatchdogBackoffAndOfflineEventDefaultsAndLimits() {
        CityWatchConfig.Ingest d = ConfigLoader.parseYaml("", Map.of()).ingest();
        assertThat(d.watchdogSeconds()).isEqualTo(10);
        assertThat(d.offlineEventSeconds()).isEqualTo(60);
        assertThat(d.backoffMaxSeconds()).as("a camera is back within ~10 s of its network").isEqualTo(5);
        CityWatchConfig.Ingest set = ConfigLoader.parseYaml("", Map.of("CITYWATCH_INGEST_WATCHDOG_SECONDS", "4",
                "CITYWATCH_INGEST_OFFLINE_EVENT_SECONDS", "120")).ingest();
        assertThat(set.watchdogSeconds()).isEqualTo(4);
        assertThat(set.offlineEventSeconds()).isEqualTo(120);
        assertThatThrownBy(() -> ConfigLoader.parseYaml("ingest: {watchdogSeconds: 1, offlineEventSeconds: 0}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                        "ingest.watchdogSeconds: must be between 2 and 300, got 1",
                        "ingest.offlineEventSeconds: must be between 5 and 86400, got 0"));
    }

    @Test
    void environmentOverridesTheFile() {
        CityWatchConfig c = ConfigLoader.parseYaml("kafka:\n  bootstrapServers: a:9092\n", Map.of(
                "CITYWATCH_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "CITYWATCH_HTTP_PORT", "9090",
                "CITYWATCH_ROLES", "ingest,analytics"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.roles()).containsExactlyInAnyOrder(CityWatchConfig.Role.INGEST, CityWatchConfig.Role.ANALYTICS);
        assertThat(ConfigLoader.envName("objectStore.signedUrlTtlSeconds")).isEqualTo("CITYWATCH_OBJECT_STORE_SIGNED_URL_TTL_SECONDS");
    }

    @Test
    void camerasAndZonesAreParsed() {
        CityWatchConfig c = ConfigLoader.parseYaml("""
                cameras:
                  - id: cam-1
                    name: Highway K295
                    streamUri: rtsp://10.0.0.5:554/main
                    analysisStreamUri: rtsp://10.0.0.5:554/sub
                    location: {lat: 30.6, lon: 104.1, address: "K295"}
                    zones:
                      - id: shoulder
                        kind: no_parking
                        dwellSeconds: 10
                        polygon: [[0.5, 0.3], [0.6, 0.3], [0.6, 0.5], [0.5, 0.5]]
                      - id: square
                        kind: crowd
                        polygon: [[0, 0], [0.4, 0], [0.4, 0.4]]
                        params: {countThreshold: 7, areaSquareMetres: 300, riseCount: 5, riseWindowSeconds: 20}
                """, Map.of());
        assertThat(c.cameras()).hasSize(1);
        assertThat(c.cameras().get(0).analysisStreamUri()).hasToString("rtsp://10.0.0.5:554/sub");
        assertThat(c.cameras().get(0).analysisSource()).hasToString("rtsp://10.0.0.5:554/sub");
        assertThat(c.onvif()).isEqualTo(new CityWatchConfig.Onvif(5000, 3000));
        assertThat(c.cameras().get(0).zones().get(1).params())
                .isEqualTo(new RuleParameters(7, 300.0, null, 5, 20, null, null, null, null));
        assertThat(c.cameras().get(0).zones().get(0).params()).isEqualTo(RuleParameters.NONE);
        var zone = c.cameras().get(0).zones().get(0);
        assertThat(zone.kind()).isEqualTo(ZoneKind.NO_PARKING);
        assertThat(zone.dwell()).isEqualTo(Duration.ofSeconds(10));
        assertThat(zone.cameraId()).isEqualTo("cam-1");
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("""
                http: {port: 99999}
                kafka: {bootstrapServers: "not a host"}
                models: {detector: resnet}
                onvif: {discoveryWaitMillis: 50}
                objectStore: {endpoint: "ftp://x", bucket: "Bad_Bucket"}
                databse: {url: x}
                cameras:
                  - id: cam-1
                    streamUri: http://x/y
                    zones:
                      - {id: z, kind: parking, polygon: [[0,0],[1,1]]}
                      - {id: z2, kind: crowd, polygon: [[0,0],[1,1],[1,0],[0,1]]}
                      - {id: z3, kind: crowd, polygon: [[0,0],[1,0],[1,1]], params: {countThreshold: 0}}
                      - {id: z4, kind: flood_watch, polygon: [[0,0],[1,0],[1,1]], params: {gauges: [ok, "bad id"], wet: 1}}
                  - {id: cam-2, streamUri: "rtsp://h/x", analysisStreamUri: "udp://h/sub"}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                        "http.port: must be between 0 and 65535, got 99999",
                        "kafka.bootstrapServers: must be a comma-separated list of host:port, got 'not a host'",
                        "models.detector: must be one of picodet-s-416-coco, yolox-nano-coco, got 'resnet'",
                        "databse: unknown key (check the spelling; see deploy/citywatch.example.yaml for all keys)",
                        "cameras[0].zones[0].kind: must be one of no_parking, roadway, walkway, crowd, flood_watch, got 'parking'",
                        "cameras[0].zones[1].polygon: is self-intersecting: edge 0 crosses edge 2",
                        "cameras[0].zones[2].params.countThreshold: must be > 0 and <= 10000, got 0",
                        "cameras[0].zones[3].params.gauges[1]: must be a sensor id of letters, digits, '_' and '-', got 'bad id'",
                        "cameras[0].zones[3].params.wet: unknown key (check the spelling; see deploy/citywatch.example.yaml for all keys)",
                        "cameras[0].streamUri: scheme must be rtsp or rtsps, got 'http://x/y'",
                        "cameras[1].analysisStreamUri: scheme must be rtsp or rtsps, got 'udp://h/sub'",
                        "onvif.discoveryWaitMillis: must be between 100 and 30000, got 50"))
                .hasMessageContaining("objectStore.endpoint: must be an http(s) URL")
                .hasMessageContaining("objectStore.bucket: must be a valid S3 bucket name");
    }

    @Test
    void kafkaClientPropertiesPassThroughExceptTheOnesCityWatchOwns() {
        CityWatchConfig c = ConfigLoader.parseYaml("""
                kafka:
                  bootstrapServers: kafka-1:9093
                  clientProperties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    ssl.truststore.location: /etc/citywatch/kafka-truststore.p12
                """, Map.of());
        assertThat(c.kafka().clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").hasSize(3);
        assertThat(c.kafka().toString()).doesNotContain("SCRAM-SHA-512");
        assertThatThrownBy(() -> ConfigLoader.parseYaml("kafka: {clientProperties: {acks: '1', linger.ms: [1]}}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.clientProperties.acks: is set by CityWatch")
                .hasMessageContaining("kafka.clientProperties.linger.ms: must be a single value");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("http:\n  port: [1,\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }
}
