package city.citywatch.training.flood;

import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.flood.FloodAnalysis;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.analytics.crowd.ZoneCountListener;
import city.citywatch.analytics.pipeline.CameraAnalyzer;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.analytics.flood.FloodEvents;
import city.citywatch.analytics.flood.FloodRule;
import city.citywatch.analytics.flood.FloodSettings;
import city.citywatch.analytics.flood.FloodVerdict;
import city.citywatch.analytics.flood.GaugeReadings;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flood rule on real pictures: dry street video raises nothing; flood water opens one event and closes it. */
class FloodRuleTest {
    private static final Instant T0 = Instant.parse("2026-07-01T08:00:00Z");

    private static Zone zone(List<String> gauges) {
        return new Zone("low-point", "cam-1", "low point", ZoneKind.FLOOD_WATCH, Polygon.of(0, 0, 1, 0, 1, 1, 0, 1),
                Duration.ofSeconds(10), Severity.MEDIUM, "flood-control",
                new RuleParameters(null, null, null, null, null, null, null, 0.3, gauges));
    }

    @Test
    void dryStreetVideoRaisesNoFlood() throws Exception {
        for (String clip : FloodBenchmark.DRY_CLIPS) {
            var run = FloodBenchmark.dryClip(ReducedWaterModel.model(), ReducedWaterModel.shared().resolve("data").resolve(clip));
            assertThat(run.frames()).as(clip).isGreaterThan(20);
            assertThat(run.events()).as("false floods on " + clip).isZero();
        }
    }

    @Test
    void floodWaterOpensOneEventWithFractionGaugeDepthAndSnapshotThenClosesWithHysteresis() throws Exception {
        Sensor gauge = new Sensor("gauge-1", null, SensorKind.WATER_LEVEL, "g/1", "cm", null, 20);
        GaugeReadings readings = new GaugeReadings(List.of(gauge), Duration.ofMinutes(15));
        FloodRule rule = new FloodRule(ReducedWaterModel.model(), readings, FloodSettings.defaults());
        List<EventChange> changes = new ArrayList<>();
        List<EvidenceRequest> evidence = new ArrayList<>();
        FloodEvents events = new FloodEvents(new CameraRef("cam-1", "Underpass", null), changes::add, evidence::add,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
        Zone zone = zone(List.of("gauge-1"));

        // The same street dry, then flooded: the flood photo with the most water stands in for the flooded view.
        FloodImages.Sample flooded = FloodImages.test(ReducedWaterModel.shared()).stream()
                .filter(s -> s.id().equals("2020")).findFirst().orElseThrow();
        VideoFrame dry = dryRoad();
        Instant t = T0;
        for (int i = 0; i < 5; i++, t = t.plusSeconds(1)) events.onVerdicts(dry, rule.evaluate(frame(dry, t), List.of(zone)));
        assertThat(changes).isEmpty();

        readings.update(new SensorReading("gauge-1", SensorKind.WATER_LEVEL, 45, "cm", t, t));
        VideoFrame wet = new VideoFrame("cam-1", t, 0, flooded.width(), flooded.height(), flooded.bgr());
        List<FloodVerdict> all = new ArrayList<>();
        for (int i = 0; i < 15; i++, t = t.plusSeconds(1)) {
            List<FloodVerdict> v = rule.evaluate(frame(wet, t), List.of(zone));
            all.addAll(v);
            events.onVerdicts(frame(wet, t), v);
        }
        assertThat(all).filteredOn(v -> v.kind() == FloodVerdict.Kind.OPEN).hasSize(1);
        EventChange opened = changes.getFirst();
        assertThat(opened.transition()).isEqualTo(Transition.OPENED);
        assertThat(opened.event().kind()).isEqualTo(EventKind.FLOODING);
        assertThat(opened.event().startedAt()).isEqualTo(T0.plusSeconds(5 + 10));
        var water = opened.event().objects().getFirst();
        assertThat(water.label()).isEqualTo("water");
        assertThat(water.value()).isGreaterThanOrEqualTo(0.3);
        var depth = opened.event().objects().get(1);
        assertThat(depth.sensorId()).isEqualTo("gauge-1");
        assertThat(depth.value()).isEqualTo(45.0);
        assertThat(opened.event().severity()).as("video and gauge both over: one step up from the worse").isIn(Severity.HIGH, Severity.CRITICAL);
        assertThat(evidence).singleElement().satisfies(e -> {
            assertThat(e.snapshotJpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
            assertThat(e.clipTo()).isEqualTo(e.clipFrom().plusSeconds(20));
        });

        // Water gone: closes only after the hold time, once.
        for (int i = 0; i < 40; i++, t = t.plusSeconds(1)) events.onVerdicts(dry, rule.evaluate(frame(dry, t), List.of(zone)));
        assertThat(changes).filteredOn(c -> c.transition() == Transition.CLOSED).singleElement()
                .satisfies(c -> assertThat(c.event().endedAt()).isNotNull());
        assertThat(events.openCount()).isZero();
    }

    @Test
    void rainOnALinkedGaugeRaisesTheCamerasAnalysisRate() throws Exception {
        Sensor rain = new Sensor("rain-1", null, SensorKind.RAIN, "r/1", "mm/h", null, 20);
        GaugeReadings readings = new GaugeReadings(List.of(rain), Duration.ofMinutes(15));
        Camera camera = new Camera("cam-1", "Underpass", java.net.URI.create("rtsp://10.0.0.1/main"),
                new GeoLocation(30.6, 104.1, "Underpass"), List.of(zone(List.of("rain-1"))));
        try (Detector detector = DetectorFactory.create(DetectorSettings.defaults(ReducedWaterModel.shared().resolve("models")))) {
            CameraAnalyzer analyzer = new CameraAnalyzer(camera, detector, AnalyzerSettings.defaults(), c -> { }, e -> { },
                    List.of(), ZoneCountListener.NONE, new FloodAnalysis(ReducedWaterModel.model(), readings, FloodSettings.defaults(), 2.0));
            assertThat(analyzer.requiredFps()).isEqualTo(1.0);
            Instant now = Instant.now();
            readings.update(new SensorReading("rain-1", SensorKind.RAIN, 8, "mm/h", now, now));
            assertThat(analyzer.requiredFps()).as("light rain").isEqualTo(1.0);
            readings.update(new SensorReading("rain-1", SensorKind.RAIN, 35, "mm/h", now.plusSeconds(60), now.plusSeconds(1)));
            assertThat(analyzer.requiredFps()).as("heavy rain on the linked gauge").isEqualTo(2.0);
        }
    }

    private static VideoFrame frame(VideoFrame f, Instant at) {
        return new VideoFrame(f.cameraId(), at, 0, f.width(), f.height(), f.bgr());
    }

    /** The first picture of the real highway clip: a dry road, the camera's reference. */
    private static VideoFrame dryRoad() throws Exception {
        Path clip = ReducedWaterModel.shared().resolve("data").resolve(FloodBenchmark.DRY_CLIPS.getFirst());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            Frame f = g.grabImage();
            VideoFrame v = new VideoFrame("cam-1", T0, 0, f.imageWidth, f.imageHeight, FloodBenchmark.bgr(f));
            g.stop();
            return v;
        }
    }
}
