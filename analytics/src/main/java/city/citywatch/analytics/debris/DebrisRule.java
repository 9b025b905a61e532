package city.citywatch.analytics.debris;

import city.citywatch.analytics.background.DualBackground;
import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.rule.ZoneRule;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Debris on the road and objects left on walkways: something that arrives and stays still in a {@code roadway} or
 * {@code walkway} zone. Static foreground of the camera's {@link DualBackground} is grouped into blobs; a blob big
 * enough for the zone (its {@code minObjectSquareMetres} with the zone's calibrated area, else its
 * {@code minObjectFraction}, else the default share) that stays for the zone's dwell, with no tracked person or vehicle
 * on it for a moment, opens one event. A stopped car is the parking rule's business and a person standing still is
 * not debris: blobs under their boxes are vetoed. The event closes once the background has come back at the object's
 * place (the object was removed); then the models re-learn that place, so no ghost follows.
 * <p>
 * Not thread-safe: one rule per camera, fed its frames in order at {@link DebrisSettings#fps()}.
 */
public final class DebrisRule implements ZoneRule {
    private static final Logger LOG = LoggerFactory.getLogger(DebrisRule.class);
    /** A blob continues a candidate whose box it overlaps this much (IoU), or whose centre lies in it. */
    private static final double SAME_OBJECT_IOU = 0.2;
    /** Below this share of foreground cells at an event's object, the background is back. */
    private static final double REMOVED_SHARE = 0.25;
    /**
     * An object is seen as static foreground in at least this share of the frames since it first was (frames where a
     * person or vehicle stands on it do not count): the blobs that a stream of passers-by leaves now here, now
     * there, are not one object that stays.
     */
    private static final double MIN_SEEN_SHARE = 0.6;
    /**
     * Most of an object's cells must have been static for at least this share of the dwell when it opens (a passer-by
     * hides some of them for a moment, which restarts those).
     */
    private static final double MIN_STATIC_SHARE = 0.5;
    /**
     * A hidden track vetoes only this long after it was last seen: the tracker keeps a still person's track for a
     * minute, and the man who bent down to leave a bag must not veto it once he has walked off.
     */
    private static final Duration VETO_HIDDEN_FOR = Duration.ofSeconds(2);

    private final DebrisSettings settings;
    private DualBackground background;
    private List<Zone> maskZones;
    private boolean[] mask;
    private final List<Candidate> candidates = new ArrayList<>();
    /** when each track was last matched to a detection */
    private final Map<Long, Instant> trackSeen = new HashMap<>();
    private long nextId = 1;

    private static final class Candidate {
        final long id;
        final Zone zone;
        final Instant firstSeen;
        BoundingBox box;
        Instant lastSeen;
        Instant clearSince;
        Instant removedSince;
        boolean open;
        int framesSeen;
        int framesCounted;
        /** the latest blob's median static-since time (epoch millis) */
        long staticSince = Long.MAX_VALUE;

        Candidate(long id, Zone zone, BoundingBox box, Instant at) {
            this.id = id;
            this.zone = zone;
            this.box = box;
            this.firstSeen = at;
            this.lastSeen = at;
        }

        String situation() {
            return "debris-" + id;
        }
    }

    public DebrisRule(DebrisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean appliesTo(Zone z) {
        return z.kind() == ZoneKind.ROADWAY || z.kind() == ZoneKind.WALKWAY;
    }

    /**
     * @param tracks every live track after this frame (the veto); hidden ones count, a person behind a pillar is
     *               still there
     */
    public List<RuleVerdict> evaluate(VideoFrame frame, List<TrackedObject> tracks, List<Zone> zones) {
        Instant at = frame.capturedAt();
        Set<Long> live = new HashSet<>();
        for (TrackedObject t : tracks) {
            live.add(t.trackId());
            if (t.visible()) trackSeen.put(t.trackId(), at);
        }
        trackSeen.keySet().retainAll(live);
        List<Zone> debrisZones = zones.stream().filter(this::appliesTo).toList();
        List<RuleVerdict> out = new ArrayList<>();
        closeRemovedZones(debrisZones, at, out);
        if (debrisZones.isEmpty()) {
            background = null; // nothing to watch: the model's memory is not worth keeping
            return out;
        }
        if (background == null || !background.fits(frame)) {
            closeAll(at, "the camera's picture size changed", out);
            background = new DualBackground(frame.width(), frame.height(), settings.background());
            maskZones = null;
        }
        background.update(frame, at);
        if (maskZones != zones) {
            mask = zoneMask(debrisZones, frame.width(), frame.height());
            maskZones = zones;
        }
        List<StaticBlobs.Blob> blobs = background.learning() ? List.of() : StaticBlobs.find(background, mask);
        double frameArea = (double) frame.width() * frame.height();
        for (StaticBlobs.Blob b : blobs) {
            Zone zone = zoneOf(b.box(), debrisZones, frame.width(), frame.height());
            if (zone == null) continue;
            double zoneArea = zone.polygon().area() * frameArea;
            if (b.area() < minArea(zone, zoneArea) || b.area() > settings.maxObjectFraction() * zoneArea) continue;
            Candidate c = match(zone, b.box());
            if (c == null) {
                c = new Candidate(nextId++, zone, b.box(), at);
                candidates.add(c);
                LOG.debug("debris candidate {} in zone {} at {}", c.id, zone.id(), b.box());
            } else if (!c.open) {
                c.box = b.box();
            }
            c.lastSeen = at;
            c.staticSince = b.staticSince();
        }
        for (Iterator<Candidate> it = candidates.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (c.open) {
                if (stillThere(c, at)) {
                    out.add(verdict(RuleVerdict.Kind.UPDATE, c, at, null, foregroundShare(c.box)));
                } else {
                    out.add(verdict(RuleVerdict.Kind.CLOSE, c, at, "object removed", 0));
                    background.unpin(c.box);
                    background.relearn(c.box);
                    it.remove();
                }
                continue;
            }
            if (Duration.between(c.lastSeen, at).compareTo(settings.forgetAfter()) > 0) {
                it.remove();
                continue;
            }
            boolean seenNow = c.lastSeen.equals(at);
            if (vetoed(c.box, tracks, at)) {
                c.clearSince = null;
            } else {
                if (c.clearSince == null) c.clearSince = at;
                c.framesCounted++;
                if (seenNow) c.framesSeen++;
            }
            if (seenNow && c.clearSince != null
                    && c.framesSeen >= MIN_SEEN_SHARE * c.framesCounted
                    && at.toEpochMilli() - c.staticSince >= c.zone.dwell().toMillis() * MIN_STATIC_SHARE
                    && Duration.between(c.firstSeen, at).compareTo(c.zone.dwell()) >= 0
                    && Duration.between(c.clearSince, at).compareTo(settings.clearFor()) >= 0) {
                c.open = true;
                background.pin(c.box);
                LOG.debug("debris candidate {} in zone {} at {} opens after {} s", c.id, c.zone.id(), c.box,
                        Duration.between(c.firstSeen, at).toSeconds());
                out.add(verdict(RuleVerdict.Kind.OPEN, c, at, String.format(Locale.ROOT, "object still for %d s",
                        Duration.between(c.firstSeen, at).toSeconds()), foregroundShare(c.box)));
            }
        }
        return out;
    }

    /** Frames per second the rule needs when the camera has a roadway or walkway zone. */
    @Override
    public double framesPerSecond() {
        return settings.fps();
    }

    private boolean stillThere(Candidate c, Instant at) {
        if (foregroundShare(c.box) >= REMOVED_SHARE) {
            c.removedSince = null;
            return true;
        }
        if (c.removedSince == null) c.removedSince = at;
        return Duration.between(c.removedSince, at).compareTo(settings.removedFor()) < 0;
    }

    /** Share of the cells under {@code box} that differ from the background as it was before the object came. */
    private double foregroundShare(BoundingBox box) {
        int fg = 0, all = 0;
        int step = background.step(), gw = background.gridWidth();
        int y2 = (int) Math.min(background.gridHeight(), Math.ceil(box.y2() / step));
        int x2 = (int) Math.min(gw, Math.ceil(box.x2() / step));
        for (int y = (int) (box.y1() / step); y < y2; y++) {
            for (int x = (int) (box.x1() / step); x < x2; x++) {
                all++;
                if (background.foreground(y * gw + x)) fg++;
            }
        }
        return all == 0 ? 0 : (double) fg / all;
    }

    private Candidate match(Zone zone, BoundingBox box) {
        Candidate best = null;
        double bestIou = 0;
        for (Candidate c : candidates) {
            if (!c.zone.id().equals(zone.id())) continue;
            double iou = c.box.iou(box);
            boolean inside = contains(c.box, box.centerX(), box.centerY()) || contains(box, c.box.centerX(), c.box.centerY());
            if ((iou >= SAME_OBJECT_IOU || inside) && (best == null || iou > bestIou)) {
                best = c;
                bestIou = iou;
            }
        }
        return best;
    }

    private static boolean contains(BoundingBox b, double x, double y) {
        return x >= b.x1() && x <= b.x2() && y >= b.y1() && y <= b.y2();
    }

    private boolean vetoed(BoundingBox blob, List<TrackedObject> tracks, Instant at) {
        for (TrackedObject t : tracks) {
            if (!t.visible()) {
                Instant seen = trackSeen.get(t.trackId());
                if (seen == null || Duration.between(seen, at).compareTo(VETO_HIDDEN_FOR) > 0) continue;
            }
            if (t.classId() != CocoClasses.PERSON && t.classId() != CocoClasses.BICYCLE && !CocoClasses.isVehicle(t.classId())) {
                continue;
            }
            BoundingBox b = t.box();
            // a little margin: the background shows an object's shadow and blur beyond its box
            double mx = b.width() * 0.1, my = b.height() * 0.1;
            double iw = Math.min(blob.x2(), b.x2() + mx) - Math.max(blob.x1(), b.x1() - mx);
            double ih = Math.min(blob.y2(), b.y2() + my) - Math.max(blob.y1(), b.y1() - my);
            // against the smaller of the two: a far-away person is small beside a blob that also holds the traces of
            // others who stood there before
            if (iw > 0 && ih > 0 && iw * ih >= settings.vetoOverlap() * Math.min(blob.area(), b.area())) return true;
        }
        return false;
    }

    private double minArea(Zone zone, double zoneAreaPx) {
        RuleParameters p = zone.params();
        if (p.minObjectSquareMetres() != null && p.areaSquareMetres() != null) {
            return p.minObjectSquareMetres() / p.areaSquareMetres() * zoneAreaPx;
        }
        double f = p.minObjectFraction() != null ? p.minObjectFraction() : settings.minObjectFraction();
        return f * zoneAreaPx;
    }

    private static Zone zoneOf(BoundingBox b, List<Zone> zones, int w, int h) {
        for (Zone z : zones) if (z.polygon().contains(b.centerX() / w, b.centerY() / h)) return z;
        return null;
    }

    private boolean[] zoneMask(List<Zone> zones, int w, int h) {
        int gw = background.gridWidth(), gh = background.gridHeight(), step = background.step();
        boolean[] m = new boolean[gw * gh];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                double px = (x + 0.5) * step / w, py = (y + 0.5) * step / h;
                for (Zone z : zones) {
                    if (z.polygon().contains(px, py)) {
                        m[y * gw + x] = true;
                        break;
                    }
                }
            }
        }
        return m;
    }

    private void closeRemovedZones(List<Zone> zones, Instant at, List<RuleVerdict> out) {
        for (Iterator<Candidate> it = candidates.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (zones.stream().anyMatch(z -> z.id().equals(c.zone.id()))) continue;
            if (c.open) out.add(verdict(RuleVerdict.Kind.CLOSE, c, at, "zone removed", 0));
            it.remove();
        }
    }

    private void closeAll(Instant at, String reason, List<RuleVerdict> out) {
        for (Candidate c : candidates) if (c.open) out.add(verdict(RuleVerdict.Kind.CLOSE, c, at, reason, 0));
        candidates.clear();
    }

    /**
     * @param confidence how much of the object's box differs from the background (a solid object fills its box; a
     *                   faint change that only just passed the filters does not)
     */
    private static RuleVerdict verdict(RuleVerdict.Kind kind, Candidate c, Instant at, String caption,
                                       double confidence) {
        double dwell = Duration.between(c.firstSeen, at).toMillis() / 1000.0;
        return new RuleVerdict(kind, EventKind.DEBRIS, c.situation(), c.zone,
                List.of(new EventObject(c.id, "object", c.box, dwell)), List.of(c.box), confidence, caption, at);
    }
}
