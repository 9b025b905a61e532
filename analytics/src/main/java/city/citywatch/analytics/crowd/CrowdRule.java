package city.citywatch.analytics.crowd;

import city.citywatch.analytics.event.RuleVerdict;
import city.citywatch.analytics.rule.ZoneRule;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Crowds in {@code crowd} zones. The count is the number of persons seen (detector, tracker ids) whose ground point
 * (bottom centre of the box) is in the zone, the most seen in one frame within {@link CrowdSettings#countWindow()}. An event opens when the count has been at or above the zone's threshold ({@code countThreshold},
 * or {@code densityPerSquareMetre} times {@code areaSquareMetres}) for the zone's dwell, and closes with hysteresis
 * once the count has stayed below threshold minus the release margin for the release time.
 * <p>
 * "Gathering fast": a rise of at least {@code riseCount} persons within {@code riseWindowSeconds} is the same
 * situation seen early, so it does not make a second event: it opens the zone's crowd event at once (without waiting
 * for threshold and dwell; it then closes once the count falls below what it had reached, minus the margin) or, when
 * one is open, sends an UPDATED with the caption "gathering fast" at once.
 * <p>
 * Not thread-safe: one rule per camera, fed its frames in order.
 */
public final class CrowdRule implements ZoneRule {
    /** A detection and a track's box this similar are the same person. */
    private static final double SAME_PERSON_IOU = 0.5;

    private final CrowdSettings settings;
    private final Map<String, ZoneState> states = new HashMap<>();
    private long nextSituation = 1;

    private static final class ZoneState {
        Zone zone;
        Instant aboveSince;
        Instant belowSince;
        String situation;
        /** (time, count) of the rise window, oldest first */
        final Deque<Sample> history = new ArrayDeque<>();
        /** (time, persons seen) of the count window, oldest first */
        final Deque<Sample> seen = new ArrayDeque<>();
        Instant lastRise;
        /** the open event closes below this minus the margin: the threshold, or the count a fast gathering reached */
        int closeLevel;
    }

    private record Sample(Instant at, int count) {
    }

    /** The rule's output for one frame: event verdicts and each crowd zone's count. */
    public record Result(List<RuleVerdict> verdicts, Map<String, Integer> counts) {
    }

    public CrowdRule(CrowdSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean appliesTo(Zone zone) {
        return zone.kind() == ZoneKind.CROWD;
    }

    @Override
    public double framesPerSecond() {
        return settings.fps();
    }

    /**
     * @param detections this frame's detections: the persons seen now are counted
     * @param tracks     every live track after this frame: they give the counted persons their ids
     */
    public Result evaluate(Instant at, List<Detection> detections, List<TrackedObject> tracks, List<Zone> zones,
                           int width, int height) {
        List<RuleVerdict> out = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        Set<String> active = new HashSet<>();
        for (Zone zone : zones) {
            if (!appliesTo(zone)) continue;
            active.add(zone.id());
            Counted counted = personsIn(zone, detections, tracks, width, height);
            ZoneState s = states.computeIfAbsent(zone.id(), k -> new ZoneState());
            int count = windowCount(s, at, counted.persons().size());
            counts.put(zone.id(), count);
            evaluateZone(zone, s, at, count, counted, out);
        }
        for (var it = states.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (active.contains(e.getKey())) continue;
            if (e.getValue().situation != null) {
                out.add(new RuleVerdict(RuleVerdict.Kind.CLOSE, EventKind.CROWD, e.getValue().situation,
                        e.getValue().zone, List.of(), List.of(), 0, "zone removed", at));
            }
            it.remove();
        }
        return new Result(out, counts);
    }

    /** Threshold the zone's parameters ask for: the count, or the density times the calibrated area. */
    public int threshold(Zone zone) {
        RuleParameters p = zone.params();
        if (p.countThreshold() != null) return p.countThreshold();
        if (p.densityPerSquareMetre() != null && p.areaSquareMetres() != null) {
            return Math.max(1, (int) Math.ceil(p.densityPerSquareMetre() * p.areaSquareMetres()));
        }
        return settings.defaultThreshold();
    }

    /** The most persons seen in one frame within the count window ending now. */
    private int windowCount(ZoneState s, Instant at, int seenNow) {
        while (!s.seen.isEmpty() && Duration.between(s.seen.peekFirst().at(), at).compareTo(settings.countWindow()) >= 0) {
            s.seen.removeFirst();
        }
        s.seen.addLast(new Sample(at, seenNow));
        int max = 0;
        for (Sample x : s.seen) max = Math.max(max, x.count());
        return max;
    }

    private void evaluateZone(Zone zone, ZoneState s, Instant at, int count, Counted counted, List<RuleVerdict> out) {
        List<EventObject> persons = counted.persons();
        double confidence = counted.meanScore();
        s.zone = zone;
        int threshold = threshold(zone);
        s.aboveSince = count >= threshold ? (s.aboveSince == null ? at : s.aboveSince) : null;
        int level = s.situation == null ? threshold : s.closeLevel;
        s.belowSince = count < level - settings.releaseMargin() ? (s.belowSince == null ? at : s.belowSince) : null;
        String rise = rise(zone, s, at, count);
        if (s.situation == null) {
            boolean sustained = s.aboveSince != null && Duration.between(s.aboveSince, at).compareTo(zone.dwell()) >= 0;
            if (sustained || rise != null) {
                s.situation = "crowd-" + zone.id() + "-" + nextSituation++;
                // a gathering caught early holds while the persons gathered stay
                s.closeLevel = Math.min(threshold, count);
                s.belowSince = null;
                String caption = rise != null ? rise : String.format(Locale.ROOT, "crowd: %d persons (threshold %d) for %d s",
                        count, threshold, Duration.between(s.aboveSince, at).toSeconds());
                out.add(verdict(RuleVerdict.Kind.OPEN, s, zone, persons, caption, at, confidence));
            }
            return;
        }
        if (s.belowSince != null && Duration.between(s.belowSince, at).compareTo(settings.releaseAfter()) >= 0) {
            out.add(verdict(RuleVerdict.Kind.CLOSE, s, zone, persons,
                    String.format(Locale.ROOT, "crowd dispersed: %d persons", count), at, confidence));
            s.situation = null;
            s.belowSince = null;
            return;
        }
        out.add(verdict(RuleVerdict.Kind.UPDATE, s, zone, persons, rise, at, confidence));
    }

    /** A caption when the count rose by the zone's riseCount within its riseWindowSeconds; fires once per window. */
    private String rise(Zone zone, ZoneState s, Instant at, int count) {
        RuleParameters p = zone.params();
        if (p.riseCount() == null || p.riseWindowSeconds() == null) return null;
        Duration window = Duration.ofSeconds(p.riseWindowSeconds());
        while (!s.history.isEmpty() && Duration.between(s.history.peekFirst().at(), at).compareTo(window) > 0) {
            s.history.removeFirst();
        }
        s.history.addLast(new Sample(at, count));
        if (s.lastRise != null && Duration.between(s.lastRise, at).compareTo(window) < 0) return null;
        Sample low = s.history.peekFirst();
        for (Sample x : s.history) if (x.count() < low.count()) low = x;
        if (count - low.count() < p.riseCount()) return null;
        s.lastRise = at;
        return String.format(Locale.ROOT, "gathering fast: %d to %d persons in %d s", low.count(), count,
                Math.max(1, Duration.between(low.at(), at).toSeconds()));
    }

    /**
     * The persons seen in this frame whose ground point is in the zone, each with the id of the visible track that
     * holds its box (-1 for a person seen for the first time: a track is confirmed only on its second sighting, and
     * at the rule's 2 frames/s a walker's track is often re-born, so counting confirmed tracks alone undercounts).
     */
    private Counted personsIn(Zone zone, List<Detection> detections, List<TrackedObject> tracks, int width, int height) {
        List<EventObject> in = new ArrayList<>();
        double scores = 0;
        for (Detection d : detections) {
            if (d.classId() != CocoClasses.PERSON || d.score() < settings.minPersonScore()) continue;
            BoundingBox b = d.box();
            double gx = Math.min(b.centerX() / width, 0.9999), gy = Math.min(b.y2() / height, 0.9999);
            if (!zone.polygon().contains(Math.max(gx, 0), Math.max(gy, 0))) continue;
            long id = -1;
            double best = SAME_PERSON_IOU;
            for (TrackedObject t : tracks) {
                if (!t.visible() || t.classId() != CocoClasses.PERSON) continue;
                double iou = t.box().iou(b);
                if (iou >= best) {
                    best = iou;
                    id = t.trackId();
                }
            }
            in.add(new EventObject(id, "person", b, 0));
            scores += d.score();
        }
        return new Counted(in, in.isEmpty() ? 0 : scores / in.size());
    }

    /** The persons counted in a zone and their mean detector score (the event's confidence). */
    private record Counted(List<EventObject> persons, double meanScore) {
    }

    private static RuleVerdict verdict(RuleVerdict.Kind kind, ZoneState s, Zone zone, List<EventObject> persons,
                                       String caption, Instant at, double confidence) {
        List<BoundingBox> boxes = persons.stream().map(EventObject::box).toList();
        return new RuleVerdict(kind, EventKind.CROWD, s.situation, zone, persons, boxes, confidence, caption, at);
    }
}
