package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ByteTrackerTest {
    private static final Instant T0 = Instant.parse("2025-04-14T01:00:00Z");

    private static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    private static Detection car(double x, double y, double w, double h, double score) {
        return new Detection(BoundingBox.ofXywh(x, y, w, h), 2, "car", score);
    }

    private static Detection truck(double x, double y, double w, double h) {
        return new Detection(BoundingBox.ofXywh(x, y, w, h), 7, "truck", 0.9);
    }

    private static Optional<TrackedObject> near(List<TrackedObject> ts, BoundingBox b) {
        return ts.stream().filter(t -> t.visible() && t.box().iou(b) > 0.5).findFirst();
    }

    @Test
    void aMovingCarKeepsOneIdAt10Fps() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        List<Long> ids = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            List<TrackedObject> ts = tracker.update(at(f * 0.1), List.of(car(50 + 6 * f, 300 - 2 * f, 60, 40, 0.8)), null);
            if (f == 0) assertThat(ts).as("not confirmed after one frame").isEmpty();
            else ids.add(ts.getFirst().trackId());
        }
        assertThat(ids).hasSize(49).containsOnly(ids.getFirst());
    }

    @Test
    void irregularIntervalsAt1FpsWithMissedFramesKeepTheId() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        List<Long> ids = new ArrayList<>();
        double[] times = {0, 1, 2, 4, 7, 8, 11.5, 12};
        for (int i = 0; i < times.length; i++) {
            double jitter = (i % 2 == 0 ? 1 : -1);
            List<TrackedObject> ts = tracker.update(at(times[i]), List.of(car(334 + jitter, 194, 16, 20, 0.3)), null);
            if (i > 0) ids.add(ts.getFirst().trackId());
        }
        assertThat(ids).containsOnly(ids.getFirst());
        List<TrackedObject> last = tracker.update(at(13), List.of(), null);
        assertThat(last.getFirst().visible()).isFalse();
        // unseen for 7 s, longer than a moving track survives (5 s): kept because it stands still
        assertThat(tracker.update(at(19), List.of(), null)).singleElement()
                .extracting(TrackedObject::trackId).isEqualTo(ids.getFirst());
    }

    @Test
    void aParkedCarHiddenByAPassingTruckKeepsItsId() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        BoundingBox parked = BoundingBox.ofXywh(300, 200, 40, 30);
        long id = -1;
        double t = 0;
        for (; t < 3; t += 0.1) {
            id = near(tracker.update(at(t), List.of(car(300, 200, 40, 30, 0.7)), null), parked)
                    .map(TrackedObject::trackId).orElse(id);
        }
        assertThat(id).isPositive();
        // a truck drives past in front of it for 5 s; the car is not detected meanwhile
        for (int f = 0; t < 8; t += 0.1, f++) {
            List<TrackedObject> ts = tracker.update(at(t), List.of(truck(150 + 8 * f, 150, 140, 110)), null);
            long carId = id;
            assertThat(ts).filteredOn(TrackedObject::visible).noneMatch(o -> o.trackId() == carId);
        }
        List<TrackedObject> after = List.of();
        for (int i = 0; i < 3; i++, t += 0.1) after = tracker.update(at(t), List.of(car(301, 201, 40, 30, 0.7)), null);
        assertThat(near(after, parked)).get().extracting(TrackedObject::trackId).isEqualTo(id);
    }

    @Test
    void weakDetectionsExtendTracksButNeverStartThem() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        for (int f = 0; f < 10; f++) {
            assertThat(tracker.update(at(f), List.of(car(100, 100, 30, 30, 0.12)), null)).isEmpty();
        }
        tracker.update(at(10), List.of(car(200, 100, 30, 30, 0.6)), null);
        long id = tracker.update(at(11), List.of(car(200, 100, 30, 30, 0.6)), null).getFirst().trackId();
        List<TrackedObject> ts = tracker.update(at(12), List.of(car(201, 100, 30, 30, 0.12)), null);
        assertThat(ts).singleElement().satisfies(o -> {
            assertThat(o.trackId()).isEqualTo(id);
            assertThat(o.visible()).isTrue();
            assertThat(o.score()).isEqualTo(0.12);
        });
    }

    @Test
    void aDifferentlyColouredCarAtALostParkedCarsPlaceGetsANewId() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        BoundingBox spot = BoundingBox.ofXywh(100, 100, 40, 30);
        long dark = -1;
        for (int s = 0; s <= 5; s++) {
            dark = near(tracker.update(at(s), List.of(car(100, 100, 40, 30, 0.6)), frame(spot, 30)), spot)
                    .map(TrackedObject::trackId).orElse(-1L);
        }
        assertThat(dark).isPositive();
        for (int s = 6; s < 16; s++) tracker.update(at(s), List.of(), frame(null, 0));
        List<TrackedObject> white = List.of();
        for (int s = 16; s <= 17; s++) white = tracker.update(at(s), List.of(car(100, 100, 40, 30, 0.6)), frame(spot, 240));
        assertThat(near(white, spot)).get().extracting(TrackedObject::trackId).isNotEqualTo(dark);

        // the same dark car seen again at its place is re-associated
        ByteTracker again = new ByteTracker(TrackerSettings.defaults());
        long first = -1;
        for (int s = 0; s <= 5; s++) {
            first = near(again.update(at(s), List.of(car(100, 100, 40, 30, 0.6)), frame(spot, 30)), spot)
                    .map(TrackedObject::trackId).orElse(-1L);
        }
        for (int s = 6; s < 16; s++) again.update(at(s), List.of(), frame(null, 0));
        List<TrackedObject> back = again.update(at(16), List.of(car(100, 100, 40, 30, 0.6)), frame(spot, 30));
        assertThat(near(back, spot)).get().extracting(TrackedObject::trackId).isEqualTo(first);
    }

    @Test
    void frameTimeSteppingBackwardsKeepsTrackingWithTheSameIds() {
        // a parked car at 1 frame/s and a car driving past at 10 frames/s; at t=10 s the camera's clock is set back
        // by 7 s (NTP step across a reconnect), so frame time goes on from t=3 s
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        BoundingBox parked = BoundingBox.ofXywh(400, 300, 40, 30);
        long parkedId = -1, movingId = -1;
        int frame = 0;
        for (double t = 0; t < 10; t += 0.1, frame++) {
            List<TrackedObject> ts = tracker.update(at(t), scene(frame), null);
            if (frame >= 1) {
                parkedId = near(ts, parked).orElseThrow().trackId();
                movingId = near(ts, scene(frame).get(1).box()).orElseThrow().trackId();
            }
        }
        assertThat(parkedId).isNotEqualTo(movingId);
        for (double t = 3; t < 8; t += 0.1, frame++) {
            List<TrackedObject> ts = tracker.update(at(t), scene(frame), null);
            assertThat(near(ts, parked)).as("parked car at t=%.1f", t).get().extracting(TrackedObject::trackId).isEqualTo(parkedId);
            assertThat(near(ts, scene(frame).get(1).box())).as("moving car at t=%.1f", t).get()
                    .extracting(TrackedObject::trackId).isEqualTo(movingId);
        }
        assertThat(tracker.size()).isEqualTo(2);
    }

    /** Frame {@code f}: the parked car, and a car moving 3 px a frame to the right. */
    private static List<Detection> scene(int f) {
        return List.of(car(400, 300, 40, 30, 0.7), car(20 + 3 * f, 100, 60, 40, 0.8));
    }

    /** A grey road with, optionally, a box painted in one grey level. */
    private static VideoFrame frame(BoundingBox box, int level) {
        int w = 320, h = 240;
        byte[] bgr = new byte[w * h * 3];
        java.util.Arrays.fill(bgr, (byte) 110);
        if (box != null) {
            for (int y = (int) box.y1(); y < box.y2(); y++) {
                for (int x = (int) box.x1(); x < box.x2(); x++) {
                    int i = (y * w + x) * 3;
                    bgr[i] = (byte) level;
                    bgr[i + 1] = (byte) level;
                    bgr[i + 2] = (byte) level;
                }
            }
        }
        return new VideoFrame("cam", T0, 0, w, h, bgr);
    }
}
