package city.citywatch.analytics.parking;

import city.citywatch.analytics.rule.ZoneRule;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Illegal parking in no-parking zones: a vehicle (car, motorcycle, bus, truck) whose ground point (bottom centre of
 * its box) stays inside the zone, still, for the zone's dwell time opens one event; the event is updated while the
 * vehicle is seen standing there and closed when it has not been seen there for the leave grace period.
 * <p>
 * A parked vehicle may be hidden, lose its track or get a second box: a box on top of an open event's vehicle never
 * opens a second event, and any vehicle box overlapping it keeps the event alive. Dwell is measured on frame time.
 * Not thread-safe: one rule per camera.
 */
public final class ParkingRule implements ZoneRule {
    /** Dwell is counted in seconds and a parked vehicle does not move: one look a second is enough. */
    public static final double FRAMES_PER_SECOND = 1.0;

    /** Share of the smaller box covered by the other for two boxes to stand on one vehicle. */
    private static final double ON_TOP = 0.5;
    /** A pause in observation longer than this is a gap (1 fps live analysis sees a vehicle every second). */
    private static final Duration GAP = Duration.ofMillis(1500);
    /** After a gap, how long a vehicle must be seen still again before the unseen time counts. */
    private static final Duration RECONFIRM = Duration.ofSeconds(1);
    /** How long another track must have stood on an event's vehicle before the event follows it. */
    private static final Duration ADOPT_AFTER = Duration.ofSeconds(2);

    private final ParkingSettings settings;
    /** zone id → track id → where and since when the track has stood still in that zone */
    private final Map<String, Map<Long, Stillness>> still = new HashMap<>();
    /** zone id → parked vehicles with an open event */
    private final Map<String, List<Parked>> parked = new HashMap<>();
    private long nextParkingId = 1;

    public ParkingRule(ParkingSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean appliesTo(Zone zone) {
        return zone.kind() == ZoneKind.NO_PARKING;
    }

    @Override
    public double framesPerSecond() {
        return FRAMES_PER_SECOND;
    }

    /** @param resumed first sighting after the latest gap in observation (a hidden or missed vehicle) */
    private record Stillness(double gx, double gy, double size, Instant since, Instant lastSeen, Instant resumed) {
        Stillness seenAt(Instant at) {
            boolean gap = Duration.between(lastSeen, at).compareTo(GAP) > 0;
            return new Stillness(gx, gy, size, since, at, gap ? at : resumed);
        }

        /**
         * Time unseen counts towards the dwell only once the vehicle has been seen standing at its place again for a
         * moment: otherwise the next vehicle passing the spot where a track was lost would inherit its dwell.
         */
        boolean settled(Instant at) {
            return Duration.between(resumed, at).compareTo(RECONFIRM) >= 0;
        }
    }

    private static final class Parked {
        final long id;
        final Zone zone;
        final Instant stationarySince;
        /** the track the event follows; replaced only when that track has died */
        long trackId;
        String label;
        /** where the vehicle stood when the event opened: what later boxes must overlap to be this vehicle */
        BoundingBox anchor;
        /** the box it was last seen with */
        BoundingBox box;
        Instant lastSeen;
        double scoreSum;
        int observations;

        Parked(long id, Zone zone, Instant stationarySince) {
            this.id = id;
            this.zone = zone;
            this.stationarySince = stationarySince;
        }
    }

    /**
     * @param tracks every live track after this frame (visible or not)
     * @param zones  the camera's zones; only {@link ZoneKind#NO_PARKING} ones are used
     */
    public List<ParkingVerdict> evaluate(Instant at, List<TrackedObject> tracks, List<Zone> zones, int width, int height) {
        List<ParkingVerdict> out = new ArrayList<>();
        Set<String> active = new HashSet<>();
        Set<Long> live = new HashSet<>();
        for (TrackedObject t : tracks) live.add(t.trackId());
        for (Zone zone : zones) {
            if (zone.kind() != ZoneKind.NO_PARKING) continue;
            active.add(zone.id());
            evaluateZone(at, zone, tracks, live, width, height, out);
        }
        for (Iterator<Map.Entry<String, List<Parked>>> it = parked.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<Parked>> e = it.next();
            if (active.contains(e.getKey())) continue;
            for (Parked p : e.getValue()) out.add(verdict(ParkingVerdict.Kind.CLOSE, p, p.trackId, p.box, at));
            it.remove();
        }
        still.keySet().retainAll(active);
        return out;
    }

    private void evaluateZone(Instant at, Zone zone, List<TrackedObject> tracks, Set<Long> live, int width,
                              int height, List<ParkingVerdict> out) {
        Map<Long, Stillness> zoneStill = still.computeIfAbsent(zone.id(), k -> new HashMap<>());
        zoneStill.keySet().retainAll(live);
        List<Parked> zoneParked = parked.computeIfAbsent(zone.id(), k -> new ArrayList<>());
        List<TrackedObject> standing = new ArrayList<>();
        for (TrackedObject t : tracks) {
            // A hidden track keeps its stillness as it was: a parked car behind a truck is still parked.
            if (!t.visible() || !CocoClasses.isVehicle(t.classId())) continue;
            BoundingBox b = t.box();
            double gx = b.centerX(), gy = b.y2();
            if (!zone.polygon().contains(gx / width, gy / height)) {
                zoneStill.remove(t.trackId());
                continue;
            }
            Stillness s = zoneStill.get(t.trackId());
            boolean restart = s == null
                    || Math.hypot(gx - s.gx(), gy - s.gy()) > settings.stillTolerance() * s.size()
                    || Duration.between(s.lastSeen(), at).compareTo(settings.maxUnseen()) > 0;
            zoneStill.put(t.trackId(), restart
                    ? new Stillness(gx, gy, Math.max(Math.max(b.width(), b.height()), 1), at, at, at)
                    : s.seenAt(at));
            standing.add(t);
        }
        List<TrackedObject> candidates = new ArrayList<>(standing);
        for (Parked p : zoneParked) {
            TrackedObject own = null, best = null;
            for (TrackedObject t : standing) {
                // against the anchor, not the last box: a vehicle creeping away must not drag the event along
                double iou = t.box().iou(p.anchor);
                if (iou < settings.sameVehicleIou()) continue;
                if (t.trackId() == p.trackId) own = t;
                if (best == null || iou > best.box().iou(p.anchor)) best = t;
            }
            if (best == null) continue;
            // Follow the event's own track. Adopt another only when that one has died (not merely hidden) and the
            // other has itself stood still there a while: passing traffic must not drag the event along.
            TrackedObject seen = own != null ? own : best;
            if (own != null) {
                follow(p, own);
            } else if (!live.contains(p.trackId)) {
                Stillness st = zoneStill.get(best.trackId());
                if (st != null && Duration.between(st.since(), at).compareTo(ADOPT_AFTER) >= 0) follow(p, best);
            }
            p.box = seen.box();
            p.lastSeen = at;
            p.scoreSum += seen.score();
            p.observations++;
            out.add(verdict(ParkingVerdict.Kind.UPDATE, p, seen.trackId(), seen.box(), at));
        }
        // A box on top of an open event's vehicle is a second box on it, as long as it stands there and the event
        // lasts: decided frame by frame, so a small vehicle beside a parked truck gets its own event once the truck's
        // has closed.
        candidates.removeIf(t -> onAnOpenEventsVehicle(t, zoneParked));
        candidates.sort(Comparator.comparingDouble(TrackedObject::meanScore).reversed());
        for (TrackedObject t : candidates) {
            if (onAnOpenEventsVehicle(t, zoneParked)) continue; // on one opened just now
            Stillness st = zoneStill.get(t.trackId());
            if (Duration.between(st.since(), at).compareTo(zone.dwell()) < 0 || !st.settled(at)) continue;
            out.add(open(at, zone, t, candidates, zoneStill, zoneParked));
        }
        for (Iterator<Parked> it = zoneParked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (Duration.between(p.lastSeen, at).compareTo(settings.leaveGrace()) > 0) {
                out.add(verdict(ParkingVerdict.Kind.CLOSE, p, p.trackId, p.box, at));
                it.remove();
            }
        }
    }

    /**
     * Several boxes may stand on one vehicle (a second, wider box; a duplicate track): the event follows the most
     * confident of those that have stood still for the dwell time too (candidates come sorted by mean score) and
     * starts at the earliest stillness among them.
     */
    private ParkingVerdict open(Instant at, Zone zone, TrackedObject opener, List<TrackedObject> candidates,
                                Map<Long, Stillness> zoneStill, List<Parked> zoneParked) {
        TrackedObject best = null;
        Instant since = zoneStill.get(opener.trackId()).since();
        for (TrackedObject c : candidates) {
            if (c != opener && !onTop(c.box(), opener.box())) continue;
            if (Duration.between(zoneStill.get(c.trackId()).since(), at).compareTo(zone.dwell()) < 0) continue;
            if (best == null) best = c;
            Instant s = zoneStill.get(c.trackId()).since();
            if (s.isBefore(since)) since = s;
        }
        Parked p = new Parked(nextParkingId++, zone, since);
        follow(p, best);
        p.anchor = best.box();
        p.box = best.box();
        p.lastSeen = at;
        p.scoreSum = best.meanScore();
        p.observations = 1;
        zoneParked.add(p);
        return verdict(ParkingVerdict.Kind.OPEN, p, best.trackId(), best.box(), at);
    }

    private static void follow(Parked p, TrackedObject t) {
        p.trackId = t.trackId();
        p.label = t.label();
    }

    private static boolean onAnOpenEventsVehicle(TrackedObject t, List<Parked> zoneParked) {
        return zoneParked.stream().anyMatch(p -> onTop(t.box(), p.anchor));
    }

    private static boolean onTop(BoundingBox a, BoundingBox b) {
        double iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        double ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        return iw > 0 && ih > 0 && iw * ih >= ON_TOP * Math.min(a.area(), b.area());
    }

    private static ParkingVerdict verdict(ParkingVerdict.Kind kind, Parked p, long trackId, BoundingBox box, Instant at) {
        double dwell = Duration.between(p.stationarySince, kind == ParkingVerdict.Kind.CLOSE ? p.lastSeen : at).toMillis() / 1000.0;
        return new ParkingVerdict(kind, p.id, p.zone, trackId, p.label, box, dwell,
                p.scoreSum / Math.max(1, p.observations), at);
    }
}
