package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One track's mutable state; owned by {@link ByteTracker}, never shared. */
final class Track {
    /** A moving track's prediction is not extrapolated further than this: beyond it, velocity is a guess. */
    private static final double MAX_PREDICT_S = 1.5;
    private static final double VELOCITY_SMOOTHING = 0.5;

    final long id;
    BoundingBox box;
    Instant lastSeen;
    int hits;
    boolean confirmed;
    double lastScore;
    private double scoreSum;
    private double vx, vy;
    private BoundingBox stillAnchor;
    private Instant stillSince;
    private int stillObservations;
    private final Map<Integer, Double> classVotes = new HashMap<>();
    private final Map<Integer, String> labels = new HashMap<>();
    Appearance appearance;

    Track(long id, Detection d, Instant at, Appearance appearance) {
        this.id = id;
        this.appearance = appearance;
        observe(d, at);
    }

    void update(Detection d, Instant at, Appearance seen) {
        double dt = seconds(lastSeen, at);
        if (dt > 0) {
            double ivx = (d.box().centerX() - box.centerX()) / dt, ivy = (d.box().centerY() - box.centerY()) / dt;
            if (hits == 1) {
                vx = ivx;
                vy = ivy;
            } else {
                vx = VELOCITY_SMOOTHING * vx + (1 - VELOCITY_SMOOTHING) * ivx;
                vy = VELOCITY_SMOOTHING * vy + (1 - VELOCITY_SMOOTHING) * ivy;
            }
        }
        if (seen != null) appearance = appearance == null ? seen : appearance.blend(seen, 0.2);
        observe(d, at);
    }

    private void observe(Detection d, Instant at) {
        box = d.box();
        lastSeen = at;
        hits++;
        lastScore = d.score();
        scoreSum += d.score();
        classVotes.merge(d.classId(), d.score(), Double::sum);
        labels.putIfAbsent(d.classId(), d.label());
    }

    /** Moves the track's times by {@code step} (frame time was stepped back by the camera's clock). */
    void shift(Duration step) {
        lastSeen = lastSeen.plus(step);
        if (stillSince != null) stillSince = stillSince.plus(step);
    }

    /** Re-anchors the track when it moved more than {@code tolerance} of its size since the anchor. */
    void updateStillness(double tolerance) {
        if (stillAnchor == null || moved(stillAnchor, box, tolerance)) {
            stillAnchor = box;
            stillSince = lastSeen;
            stillObservations = 1;
        } else {
            stillObservations++;
        }
    }

    /** Still for at least {@code minStill} over two or more observations (time-based: works at any frame rate). */
    boolean stationary(double minStillSeconds) {
        return stillObservations >= 2 && seconds(stillSince, lastSeen) >= minStillSeconds;
    }

    private static boolean moved(BoundingBox a, BoundingBox b, double tolerance) {
        double size = Math.max(Math.max(a.width(), a.height()), 1);
        return Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) > tolerance * size;
    }

    /** Where the track should be at {@code at}: a stationary one stays, a moving one follows its velocity. */
    BoundingBox predict(Instant at, double minStillSeconds) {
        if (stationary(minStillSeconds) || hits < 2) return box;
        double dt = Math.min(MAX_PREDICT_S, seconds(lastSeen, at));
        return new BoundingBox(box.x1() + vx * dt, box.y1() + vy * dt, box.x2() + vx * dt, box.y2() + vy * dt);
    }

    /** Smoothed centre speed relative to the box size, per second. */
    double sizesPerSecond() {
        return Math.hypot(vx, vy) / Math.max(Math.max(box.width(), box.height()), 1);
    }

    int classId() {
        return classVotes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
    }

    String label() {
        return labels.get(classId());
    }

    double meanScore() {
        return scoreSum / hits;
    }

    /** Vehicles may switch between car/truck/bus/motorcycle from frame to frame; other classes must agree. */
    boolean compatible(int classId) {
        int mine = classId();
        return mine == classId || (CocoClasses.isVehicle(mine) && CocoClasses.isVehicle(classId));
    }

    static double seconds(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
    }
}
