package city.citywatch.api.app;

import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import city.citywatch.storage.objectstore.EmbeddedS3Server;
import city.citywatch.storage.objectstore.EvidenceUploader;
import city.citywatch.storage.objectstore.ObjectStore;
import city.citywatch.storage.objectstore.ObjectStoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Zones replaced on a running camera take effect without a restart of the node, on real frames: the highway camera
 * served over RTSP starts without zones (nothing analysed, no picture), gets the no-parking zone on the shoulder
 * (the supervisor restarts its pipeline at the 1 frame/s the rule needs), the parked car opens its event, and when
 * the zone is removed again the open event is closed on the next frame.
 */
class CameraSupervisorZonesTest {
    private static final String CAMERA = "zones-live";

    @Test
    void zonesPutOnARunningCameraOpenAndCloseItsEvents(@TempDir Path dir) throws Exception {
        List<EventChange> changes = new CopyOnWriteArrayList<>();
        try (RtspTestServer rtsp = RtspTestServer.start("/" + CAMERA, TestVideos.highwayH264());
             EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.resolve("s3"), 0, "k-test", "k-test-secret");
             ObjectStore store = new ObjectStore(new ObjectStoreSettings(s3.endpoint(), "k-test", "k-test-secret", "evidence", null));
             EvidenceUploader uploader = new EvidenceUploader(store, dir.resolve("spool"));
             Detector detector = DetectorFactory.create(DetectorSettings.defaults(TestVideos.sharedDir().resolve("models")));
             CameraSupervisor supervisor = new CameraSupervisor(IngestSettings.defaults(), detector, AnalyzerSettings.defaults(),
                     changes::add, id -> List.of(), uploader, dir.resolve("clips"), new SimpleMeterRegistry())) {
            store.ensureBucket();
            Camera bare = new Camera(CAMERA, "S2 K295", rtsp.uri("/" + CAMERA), new GeoLocation(30.6, 104.1, "S2"), List.of());
            supervisor.cameraAdded(bare);
            Thread.sleep(5000);
            assertThat(supervisor.latestFrame(CAMERA)).as("no rule, no analysed frame").isEmpty();

            Zone shoulder = new Zone("shoulder", CAMERA, "shoulder", ZoneKind.NO_PARKING, DemoScene.SHOULDER_ZONE,
                    Duration.ofSeconds(10), Severity.HIGH, "traffic-police");
            supervisor.zonesReplaced(withZones(bare, List.of(shoulder)));
            await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.latestFrame(CAMERA).isPresent());
            VideoFrame frame = supervisor.latestFrame(CAMERA).orElseThrow();
            assertThat(frame.width()).isEqualTo(640);

            await().atMost(Duration.ofSeconds(120)).until(() -> changes.stream().anyMatch(c -> c.transition() == Transition.OPENED));
            EventChange opened = changes.stream().filter(c -> c.transition() == Transition.OPENED).findFirst().orElseThrow();
            assertThat(opened.event().zoneId()).isEqualTo("shoulder");

            supervisor.zonesReplaced(withZones(bare, List.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> changes.stream().anyMatch(c ->
                    c.transition() == Transition.CLOSED && c.event().id().equals(opened.event().id())));
            assertThat(changes.stream().filter(c -> c.transition() == Transition.OPENED).count()).isEqualTo(1);
        }
    }

    private static Camera withZones(Camera c, List<Zone> zones) {
        return new Camera(c.id(), c.name(), c.streamUri(), c.location(), zones);
    }
}
