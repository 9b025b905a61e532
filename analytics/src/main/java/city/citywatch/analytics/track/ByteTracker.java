package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Multi-object tracker in the manner of ByteTrack: strong detections are matched first (IoU with each track's
 * predicted box), weak ones then only extend tracks that already exist, so a vehicle that is half hidden keeps its
 * id. Stationary tracks are kept much longer without a match and are re-associated by position and colour
 * histogram, so a parked car hidden by a passing truck keeps its id.
 * <p>
 * Works on frame timestamps (irregular intervals are fine). Frame time that steps backwards (the camera's clock set
 * back across a reconnect) moves the tracks' times back by the same step: their ids, stillness and motion carry on.
 * Not thread-safe: one tracker per camera, fed by one thread at a time.
 */
public final class ByteTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ByteTracker.class);
    /** Below this speed (box sizes per second) a lost track counts as coming to a stop. */
    private static final double STOPPING_SPEED = 0.5;

    private final TrackerSettings settings;
    private final double minStill;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;
    /** Time of the latest update. */
    private Instant last;

    public ByteTracker(TrackerSettings settings) {
        this.settings = settings;
        this.minStill = settings.minStill().toMillis() / 1000.0;
    }

    /**
     * @param frame pixels for appearance; null when replaying detections without video
     * @return every confirmed track still alive, visible in this frame or not
     */
    public List<TrackedObject> update(Instant at, List<Detection> detections, VideoFrame frame) {
        if (last != null && at.isBefore(last)) {
            Duration step = Duration.between(last, at);
            LOG.warn("frame time went backwards by {} ms ({} after {}): the camera's clock was set back; track times "
                    + "are moved back by the same step and tracking carries on", -step.toMillis(), at, last);
            for (Track t : tracks) t.shift(step);
            last = at;
        }
        Instant previous = last;
        last = at;
        List<Detection> high = new ArrayList<>(), low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.score() >= settings.highScore()) high.add(d);
            else if (d.score() >= settings.lowScore()) low.add(d);
        }
        List<Track> unmatched = new ArrayList<>(tracks);
        List<Track> matched = new ArrayList<>();
        Appearance[] highLook = appearances(frame, high);
        List<Integer> highLeft = associate(unmatched, matched, high, highLook, at, previous, false);
        // Weak boxes only keep tracks alive: never a new track from them (ByteTrack's second stage).
        associate(unmatched, matched, low, appearances(frame, low), at, previous, true);
        for (Track t : matched) {
            t.updateStillness(settings.stillTolerance());
            if (t.hits >= settings.minHits()) t.confirmed = true;
        }
        tracks.removeIf(t -> !matched.contains(t) && expired(t, at));
        for (int i : highLeft) {
            Track t = new Track(nextId++, high.get(i), at, highLook[i]);
            t.updateStillness(settings.stillTolerance());
            if (settings.minHits() <= 1) t.confirmed = true;
            tracks.add(t);
        }
        List<TrackedObject> out = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed) continue;
            out.add(new TrackedObject(t.id, t.box, t.classId(), t.label(), t.lastScore, t.meanScore(),
                    t.lastSeen.equals(at)));
        }
        return out;
    }

    private boolean expired(Track t, Instant at) {
        double lost = Track.seconds(t.lastSeen, at);
        double limit = (t.confirmed && t.stationary(minStill) ? settings.stationaryMaxLost() : settings.maxLost()).toMillis() / 1000.0;
        return lost > limit;
    }

    private static Appearance[] appearances(VideoFrame frame, List<Detection> dets) {
        Appearance[] a = new Appearance[dets.size()];
        if (frame != null) for (int i = 0; i < a.length; i++) a[i] = Appearance.of(frame, dets.get(i).box());
        return a;
    }

    /**
     * Greedy assignment by descending IoU (near-identical to Hungarian matching at these densities, and
     * deterministic). Matched tracks move from {@code unmatched} to {@code matched}.
     *
     * @return the indices of the detections left unmatched
     */
    private List<Integer> associate(List<Track> unmatched, List<Track> matched, List<Detection> dets,
                                      Appearance[] looks, Instant at, Instant previous, boolean weak) {
        record Pair(Track track, int det, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Track t : unmatched) {
            // "lost" = not matched in the previous frame (ByteTrack keeps those out of the weak-box stage)
            boolean lost = previous == null || t.lastSeen.isBefore(previous);
            if (weak && lost && !t.stationary(minStill)) continue;
            BoundingBox predicted = t.predict(at, minStill);
            double minIou = t.stationary(minStill) ? settings.stationaryMatchIou() : settings.matchIou();
            for (int i = 0; i < dets.size(); i++) {
                Detection d = dets.get(i);
                if (!t.compatible(d.classId())) continue;
                double iou = predicted.iou(d.box());
                if (iou < minIou) iou = 0;
                // A lost vehicle that was slowing down may have stopped where it was last seen (the very case
                // parking is about) while its prediction ran on: also try its last box, at the stricter threshold.
                // Not for fast ones: in traffic the next vehicle passes that same spot.
                if (lost && t.sizesPerSecond() <= STOPPING_SPEED) {
                    double still = t.box.iou(d.box());
                    if (still >= settings.stationaryMatchIou()) iou = Math.max(iou, still);
                }
                if (iou <= 0) continue;
                if (lost && t.appearance != null && looks[i] != null
                        && t.appearance.similarity(looks[i]) < settings.minAppearance()) continue;
                pairs.add(new Pair(t, i, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] used = new boolean[dets.size()];
        for (Pair p : pairs) {
            if (used[p.det()] || matched.contains(p.track())) continue;
            used[p.det()] = true;
            p.track().update(dets.get(p.det()), at, looks[p.det()]);
            matched.add(p.track());
            unmatched.remove(p.track());
        }
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < dets.size(); i++) if (!used[i]) left.add(i);
        return left;
    }

    /** Number of live tracks, confirmed or not (for tests and metrics). */
    public int size() {
        return tracks.size();
    }
}
