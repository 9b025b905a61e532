package city.citywatch.analytics.testdata;

import city.citywatch.analytics.bench.ClipFrames;
import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.track.ByteTracker;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.analytics.track.TrackerSettings;
import city.citywatch.core.video.VideoFrame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real clip decoded at a rule's rate, each frame with the tracks the real detector and tracker give after it, so
 * tests can run a rule several times (with lighting changed, with a person added) for one detector pass.
 */
public record TrackedClip(List<Step> steps) {
    public record Step(VideoFrame frame, List<TrackedObject> tracks) {
    }

    public static TrackedClip of(Path video, double fps, String cameraId, Detector detector) throws Exception {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        List<Step> steps = new ArrayList<>();
        ClipFrames.decode(video, fps, cameraId, f -> steps.add(new Step(f,
                tracker.update(f.capturedAt(), detector.detect(DetectionRequest.fullFrame(f)), f))));
        return new TrackedClip(List.copyOf(steps));
    }
}
