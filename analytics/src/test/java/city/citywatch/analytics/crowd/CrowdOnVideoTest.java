package city.citywatch.analytics.crowd;

import city.citywatch.analytics.bench.ClipFrames;
import city.citywatch.analytics.bench.CrowdBenchmark;
import city.citywatch.analytics.bench.PetsData;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.analytics.pipeline.CameraAnalyzer;
import city.citywatch.analytics.testdata.SharedModels;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.zone.Zone;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crowd rule in the camera pipeline on the first 45 s of PETS2009 S2L1 at its live rate (2 frames/s), real
 * detector and tracker, one crowd zone over the picture with threshold 7 sustained 2 s. The ground truth's counts
 * under the same rule give one crowd from 13.5 s to 38.2 s.
 */
class CrowdOnVideoTest {
    private static final double UNTIL = 45;

    @Test
    void countsPersonsAndOpensAndClosesTheCrowdEventWithinASecondOfTheGroundTruth() throws Exception {
        Path shared = SharedFolder.resolve();
        int[] gt = PetsData.counts(shared);
        Zone zone = new Zone("square", "pets", "campus square", CrowdBenchmark.zone().kind(), CrowdBenchmark.zone().polygon(),
                CrowdBenchmark.zone().dwell(), null, "public-security", CrowdBenchmark.zone().params());
        Camera camera = new Camera("pets", "PETS2009 view 001", URI.create("rtsp://127.0.0.1:8554/pets"),
                new GeoLocation(51.44, -0.94, "University of Reading"), List.of(zone));
        List<EventChange> changes = new ArrayList<>();
        List<EvidenceRequest> evidence = new ArrayList<>();
        List<double[]> counts = new ArrayList<>();
        try (Detector detector = DetectorFactory.create(DetectorSettings.defaults(SharedModels.modelsDir()))) {
            CameraAnalyzer analyzer = new CameraAnalyzer(camera, detector, AnalyzerSettings.defaults(), changes::add,
                    evidence::add, List.of(), (cam, zoneId, persons) -> counts.add(new double[]{persons}), null);
            assertThat(analyzer.requiredFps()).isEqualTo(2.0);
            ClipFrames.decode(PetsData.video(shared), analyzer.requiredFps(), "pets", f -> {
                if (f.ptsMicros() / 1e6 > UNTIL) return;
                analyzer.onFrame(f);
                counts.getLast()[0] = Math.abs(counts.getLast()[0] - gt[(int) Math.round(f.ptsMicros() * PetsData.FPS / 1e6)]);
            });
        }
        assertThat(counts).hasSize(91);
        double mae = counts.stream().mapToDouble(c -> c[0]).average().orElseThrow();
        assertThat(mae).as("mean absolute count error").isLessThanOrEqualTo(1.0);

        assertThat(changes).allMatch(c -> c.event().kind() == EventKind.CROWD);
        List<EventChange> opened = changes.stream().filter(c -> c.transition() == Transition.OPENED).toList();
        List<EventChange> closed = changes.stream().filter(c -> c.transition() == Transition.CLOSED).toList();
        assertThat(opened).as("changes %s", changes).hasSize(1);
        assertThat(closed).hasSize(1);
        assertThat(seconds(opened.getFirst())).isBetween(12.5, 14.5);
        assertThat(seconds(closed.getFirst())).isBetween(37.2, 39.2);
        assertThat(opened.getFirst().event().objects()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(opened.getFirst().event().department()).isEqualTo("public-security");
        assertThat(evidence).singleElement().satisfies(r ->
                assertThat(ImageIO.read(new ByteArrayInputStream(r.snapshotJpeg())).getWidth()).isEqualTo(480));
    }

    private static double seconds(EventChange c) {
        return Duration.between(ClipFrames.EPOCH, c.at()).toMillis() / 1000.0;
    }
}
