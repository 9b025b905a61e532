package city.citywatch.analytics.scratch;

import city.citywatch.analytics.bench.SharedFolder;
import city.citywatch.analytics.detect.*;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.analytics.pipeline.CameraAnalyzer;
import city.citywatch.analytics.testdata.DemoCamera;
import city.citywatch.analytics.testdata.HighwayVideo;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class ExploreTest {
    @Test
    void explore() throws Exception {
        BoundingBox gt = BoundingBox.ofXywh(334, 194, 16, 20);
        double thr = Double.parseDouble(System.getProperty("thr", "0.1"));
        for (Path video : List.of(HighwayVideo.file(), Path.of("/tmp/aw/h264.mp4"))) {
            List<VideoFrame> frames = HighwayVideo.sample(video, 1.0);
            try (Detector d = DetectorFactory.create(new DetectorSettings("picodet-s-416-coco", SharedFolder.resolve().resolve("models"), thr, 0.5))) {
                var zone = DemoCamera.shoulderZone(Duration.ofSeconds(10));
                System.out.println("tiles " + FocusTiles.plan(List.of(zone), 640, 540, FocusSettings.defaults()));
                StringBuilder sb = new StringBuilder();
                for (VideoFrame f : frames) {
                    List<Detection> ds = d.detect(new DetectionRequest(f, FocusTiles.plan(List.of(zone), 640, 540, FocusSettings.defaults())));
                    sb.append(String.format("%2.0f:", f.ptsMicros() / 1e6));
                    for (Detection x : ds) {
                        if (!zone.polygon().contains(x.box().centerX() / 640, x.box().y2() / 540)) continue;
                        sb.append(String.format(" %s%.2f[%.0f,%.0f,%.0f,%.0f]%s", x.label().substring(0, 3), x.score(), x.box().x1(), x.box().y1(), x.box().width(), x.box().height(),
                                x.box().iou(gt) > 0.5 ? "*" : ""));
                    }
                    sb.append('\n');
                }
                List<EventChange> changes = new ArrayList<>();
                List<EvidenceRequest> ev = new ArrayList<>();
                CameraAnalyzer a = new CameraAnalyzer(DemoCamera.camera(List.of(zone)), d, AnalyzerSettings.defaults(), changes::add, ev::add);
                var tr = new city.citywatch.analytics.track.ByteTracker(city.citywatch.analytics.track.TrackerSettings.defaults());
                for (VideoFrame f : frames) {
                    a.onFrame(f);
                    List<Detection> ds = d.detect(new DetectionRequest(f, FocusTiles.plan(List.of(zone), 640, 540, FocusSettings.defaults())));
                    var ts = tr.update(f.capturedAt(), ds, f);
                    StringBuilder tl = new StringBuilder(String.format("T%2.0f:", f.ptsMicros() / 1e6));
                    for (var t : ts) if (zone.polygon().contains(t.box().centerX() / 640, t.box().y2() / 540))
                        tl.append(String.format(" #%d%s%s h%d [%.0f,%.0f,%.0f,%.0f]", t.trackId(), t.visible() ? "v" : "-", t.stationary() ? "S" : "m", t.hits(), t.box().x1(), t.box().y1(), t.box().width(), t.box().height()));
                    System.out.println(tl);
                }
                for (EventChange c : changes) System.out.println(c.transition() + " at " + Duration.between(HighwayVideo.EPOCH, c.at()).toMillis() / 1000.0
                        + " " + c.event().objects() + " iou=" + c.event().objects().get(0).box().iou(gt));
            }
        }
    }
}
