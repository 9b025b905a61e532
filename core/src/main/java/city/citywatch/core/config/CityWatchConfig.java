package city.citywatch.core.config;

import city.citywatch.core.sensor.Sensor;

import city.citywatch.core.camera.Camera;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration of a node, validated. Every "embedded" choice means this node starts that peer itself
 * (the no-configuration default); giving an address switches to the external service.
 */
public record CityWatchConfig(Http http, Path dataDir, Set<Role> roles, Database database, Kafka kafka,
                              ObjectStore objectStore, Models models, Evidence evidence, Ingest ingest,
                              List<Camera> cameras, Demo demo, Onvif onvif, Mqtt mqtt, List<Sensor> sensors, Flood flood,
                              AuthConfig auth, ConsoleConfig console, Quality quality, DetectorBatch detectorBatch) {

    public enum Role { INGEST, ANALYTICS, API }

    public record Http(String host, int port, int maxBodyBytes) {
    }

    /** @param url JDBC URL; null means the embedded database under {@code dataDir} */
    public record Database(String url, String user, String password, int maxPoolSize) {
        public boolean embedded() {
            return url == null;
        }
    }

    /**
     * @param bootstrapServers null means the embedded broker
     * @param embeddedPort     port of the embedded broker (0 = any free port)
     * @param clientProperties Kafka client settings passed to the producer and admin client as they are
     *                         (TLS, SASL: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}…)
     */
    public record Kafka(String bootstrapServers, int topicPartitions, short replicationFactor, int embeddedPort,
                        Map<String, String> clientProperties) {
        public Kafka {
            clientProperties = Map.copyOf(clientProperties);
        }

        public boolean embedded() {
            return bootstrapServers == null;
        }

        /** Keeps secrets (SASL passwords) out of logs. */
        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", topicPartitions=" + topicPartitions
                    + ", replicationFactor=" + replicationFactor + ", embeddedPort=" + embeddedPort
                    + ", clientProperties=" + clientProperties.keySet() + "]";
        }
    }

    /**
     * @param endpoint     null means the embedded S3-compatible server
     * @param embeddedPort port of the embedded server (0 = any free port)
     * @param publicEndpoint where clients reach the store, when not at {@code endpoint}; signed URLs name it
     */
    public record ObjectStore(URI endpoint, String accessKey, String secretKey, String bucket, String region,
                              int signedUrlTtlSeconds, int embeddedPort, URI publicEndpoint) {
        public boolean embedded() {
            return endpoint == null;
        }
    }

    public record Models(Path dir, String detector, double scoreThreshold) {
    }

    public record Evidence(int preRollSeconds, int postRollSeconds, Path spoolDir) {
    }

    /**
     * @param watchdogSeconds     no video for this long ⇒ the camera's connection is dropped and re-opened
     * @param offlineEventSeconds a camera OFFLINE this long opens a {@code camera_health} event (closed when back)
     */
    public record Ingest(int socketTimeoutSeconds, int backoffInitialMillis, int backoffMaxSeconds, int bufferSeconds,
                         int watchdogSeconds, int offlineEventSeconds) {
    }

    /**
     * @param video     the file the demo camera replays (transcoded once to camera-like H.264); null = the RoadTrack
     *                  highway clip in the shared data folder
     * @param rtspPort  port of the demo RTSP server
     */
    public record Demo(boolean enabled, Path video, int rtspPort) {
    }

    /**
     * ONVIF onboarding (discovery and camera-from-device in the API).
     *
     * @param requestTimeoutMillis bounds connecting to a device and each SOAP call
     * @param discoveryWaitMillis  how long a WS-Discovery probe collects answers when the request names no wait
     */
    public record Onvif(int requestTimeoutMillis, int discoveryWaitMillis) {
    }

    /**
     * The MQTT broker the water-level and rain gauges publish to.
     *
     * @param brokerUrl null = no sensor layer (the embedded default: cameras only)
     * @param clientId  also the broker-side session name: QoS 1 readings queued while CityWatch was away are kept
     */
    public record Mqtt(URI brokerUrl, String clientId, String username, String password, int keepAliveSeconds,
                       int reconnectMaxSeconds) {
        public boolean enabled() {
            return brokerUrl != null;
        }

        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return "Mqtt[brokerUrl=" + brokerUrl + ", clientId=" + clientId + ", username=" + username + "]";
        }
    }

    /**
     * @param modelDir folder of the trained water model ({@code manifest.json} + weights); null = the training's
     *                 default output folder
     * @param rainFps  analysis rate of flood-watch cameras while a linked rain gauge is over its threshold
     */
    public record Flood(Path modelDir, double rainFps) {
    }

    /**
     * Video-quality diagnosis ({@code quality.*}); the analytics' QualitySettings documents each limit. Picture
     * measures are taken on a copy scaled to 320 pixels wide; luma is 0..255.
     */
    public record Quality(boolean enabled, int checkIntervalSeconds, int raiseAfter, int clearAfter,
                          double signalLostMaxStdDev, double coveredMinFlatShare, double darkMaxMeanLuma,
                          double brightMinMeanLuma, double frozenMaxChangedShare, double blurMinSharpnessRatio,
                          double castMinChroma, double sceneMinCorrelation) {
    }

    /** Detector calls batched across cameras ({@code detectorBatch.*}). */
    public record DetectorBatch(int maxBatch, int maxWaitMillis, int workers) {
    }
}
