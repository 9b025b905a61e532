package city.citywatch.analytics.event;

import city.citywatch.analytics.parking.ParkingVerdict;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.EvidenceKeys;
import city.citywatch.core.event.Transition;
import city.citywatch.core.video.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one camera's rule verdicts into the event lifecycle: OPENED (with evidence keys, a rendered snapshot and a
 * clip request), UPDATED (throttled), CLOSED. Changes go to the {@link EventSink}, evidence to the
 * {@link EvidenceListener}. Not thread-safe: called by the camera's analyzer, one frame at a time.
 * <p>
 * Events still open when the node stopped are handed in as <em>carried over</em>: a vehicle that the rule finds
 * again in the same zone at the same place continues its event (UPDATED, same id, officers' workflow state kept)
 * instead of opening a second one; carried-over events nobody claims within the resume window are CLOSED.
 * <p>
 * A sink that throws (store down) loses nothing: the evidence of an opening is requested all the same, a change the
 * sink refused is sent again with the event's next verdict (an OPENED stays OPENED), a refused CLOSED on the next
 * frame. The first sink failure of a frame is rethrown once all its verdicts have been handled.
 */
public final class EventEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EventEngine.class);
    private static final String ACTOR = "system";

    private final CameraRef camera;
    private final EventEngineSettings settings;
    private final EventSink sink;
    private final EvidenceListener evidence;
    private final Map<Long, Open> open = new HashMap<>();
    /** open events of the other rules (debris, crowd), by the rule's situation id */
    private final Map<String, Open> situations = new HashMap<>();
    private final List<Event> carriedOver;
    private Instant firstFrameAt;

    private static final class Open {
        Event event;
        Instant lastPublished;
        /** the change the sink refused, to send again; null once the sink has taken the latest one */
        Transition unpublished;
        String unpublishedReason;

        Open(Event event, Instant at, Transition transition, String reason) {
            this.event = event;
            this.lastPublished = at;
            this.unpublished = transition;
            this.unpublishedReason = reason;
        }
    }

    public EventEngine(CameraRef camera, EventEngineSettings settings, EventSink sink, EvidenceListener evidence) {
        this(camera, settings, sink, evidence, List.of());
    }

    /** @param carriedOver this camera's illegal-parking events left open by a previous run of the node */
    public EventEngine(CameraRef camera, EventEngineSettings settings, EventSink sink, EvidenceListener evidence,
                       List<Event> carriedOver) {
        this.camera = camera;
        this.settings = settings;
        this.sink = sink;
        this.evidence = evidence;
        this.carriedOver = new ArrayList<>(carriedOver);
    }

    /** @param frame the frame the verdicts were made on (snapshot source) */
    public void onParkingVerdicts(VideoFrame frame, List<ParkingVerdict> verdicts) {
        if (firstFrameAt == null) firstFrameAt = frame.capturedAt();
        RuntimeException failure = null;
        // CLOSED changes the sink refused on an earlier frame: no later verdict names their vehicle, so they are
        // retried here.
        for (Map.Entry<Long, Open> e : List.copyOf(open.entrySet())) {
            if (e.getValue().unpublished != Transition.CLOSED) continue;
            try {
                closed(e.getKey(), e.getValue().event.endedAt(), -1);
            } catch (RuntimeException ex) {
                failure = addFailure(failure, ex);
            }
        }
        // A failed change must not cost the frame's other verdicts: each is handled, the first failure rethrown.
        for (ParkingVerdict v : verdicts) {
            try {
                switch (v.kind()) {
                    case OPEN -> opened(frame, v);
                    case UPDATE -> updated(v);
                    case CLOSE -> closed(v.parkingId(), v.at(), v.dwellSeconds());
                }
            } catch (RuntimeException e) {
                failure = addFailure(failure, e);
            }
        }
        if (!carriedOver.isEmpty()
                && Duration.between(firstFrameAt, frame.capturedAt()).compareTo(settings.resumeWindow()) > 0) {
            for (var it = carriedOver.iterator(); it.hasNext(); ) {
                Event e = it.next();
                try {
                    sink.accept(new EventChange(e.ended(frame.capturedAt()), Transition.CLOSED, ACTOR, frame.capturedAt(),
                            "vehicle not found again after a restart of the analysis"));
                    it.remove();
                    LOG.info("illegal parking closed: event {} camera {} zone {} was open before the restart and its "
                            + "vehicle was not found again within {} s", e.id(), camera.id(), e.zoneId(),
                            settings.resumeWindow().toSeconds());
                } catch (RuntimeException ex) {
                    failure = addFailure(failure, ex);
                }
            }
        }
        if (failure != null) throw failure;
    }

    private static RuntimeException addFailure(RuntimeException first, RuntimeException next) {
        if (first == null) return next;
        if (first != next) first.addSuppressed(next);
        return first;
    }

    /** Number of events opened and not yet closed (a CLOSED the sink refused counts until the sink takes it). */
    public int openCount() {
        return open.size() + situations.size();
    }

    /**
     * The verdicts of the debris and crowd rules: same lifecycle, evidence and retry behaviour as parking's.
     *
     * @param frame the frame the verdicts were made on (snapshot source)
     */
    public void onRuleVerdicts(VideoFrame frame, List<RuleVerdict> verdicts) {
        RuntimeException failure = null;
        for (Map.Entry<String, Open> e : List.copyOf(situations.entrySet())) {
            if (e.getValue().unpublished != Transition.CLOSED) continue;
            try {
                situationClosed(e.getKey(), e.getValue().event.endedAt(), null);
            } catch (RuntimeException ex) {
                failure = addFailure(failure, ex);
            }
        }
        for (RuleVerdict v : verdicts) {
            try {
                switch (v.kind()) {
                    case OPEN -> situationOpened(frame, v);
                    case UPDATE -> situationUpdated(v);
                    case CLOSE -> situationClosed(v.situation(), v.at(), v.caption());
                }
            } catch (RuntimeException e) {
                failure = addFailure(failure, e);
            }
        }
        if (failure != null) throw failure;
    }

    private void situationOpened(VideoFrame frame, RuleVerdict v) {
        if (situations.containsKey(v.situation())) return;
        UUID id = UUID.randomUUID();
        Instant at = v.at();
        String snapshotKey = EvidenceKeys.snapshot(camera.id(), at, id, 1);
        String clipKey = EvidenceKeys.clip(camera.id(), at, id);
        Instant clipFrom = at.minus(settings.preRoll()), clipTo = at.plus(settings.postRoll());
        Event event = new Event(id, v.eventKind(), EventState.OPEN, v.zone().severity(), v.confidence(), camera,
                v.zone().id(), v.zone().department(), at, null, v.objects(),
                new Evidence(snapshotKey, clipKey, clipFrom, clipTo), at);
        Open o = new Open(event, at, Transition.OPENED, v.caption() + " in zone " + v.zone().name());
        situations.put(v.situation(), o);
        LOG.info("{} opened: event {} camera {} zone {}: {}", v.eventKind().wireName(), id, camera.id(), v.zone().id(),
                v.caption());
        try {
            publish(o, at);
        } finally {
            byte[] jpeg = SnapshotRenderer.render(frame, v.evidence(), v.caption());
            evidence.onEvidence(new EvidenceRequest(id, camera.id(), jpeg, snapshotKey, clipFrom, clipTo, clipKey));
        }
    }

    private void situationUpdated(RuleVerdict v) {
        Open o = situations.get(v.situation());
        if (o == null || o.unpublished == Transition.CLOSED) return;
        o.event = o.event.withObjects(v.objects(), v.confidence(), v.at());
        if (o.unpublished != null) {
            publish(o, v.at());
            return;
        }
        // a caption on an update is news (a crowd gathering fast): it goes out at once, not at the next interval
        boolean news = v.caption() != null && !v.caption().isEmpty();
        if (!news && Duration.between(o.lastPublished, v.at()).compareTo(settings.updateInterval()) < 0) return;
        o.unpublished = Transition.UPDATED;
        o.unpublishedReason = v.caption();
        publish(o, v.at());
    }

    private void situationClosed(String situation, Instant at, String reason) {
        Open o = situations.get(situation);
        if (o == null) return;
        if (o.unpublished == Transition.OPENED) publish(o, at);
        if (o.unpublished != Transition.CLOSED) {
            o.event = o.event.ended(at);
            o.unpublished = Transition.CLOSED;
            o.unpublishedReason = reason;
            LOG.info("{} closed: event {} camera {} zone {}: {}", o.event.kind().wireName(), o.event.id(), camera.id(),
                    o.event.zoneId(), reason);
        }
        publish(o, at);
        situations.remove(situation);
    }

    private void opened(VideoFrame frame, ParkingVerdict v) {
        if (open.containsKey(v.parkingId())) return;
        Event resumed = claimCarriedOver(v);
        if (resumed != null) {
            Event event = resumed.withObjects(List.of(object(v)), v.confidence(), v.at());
            Open o = new Open(event, v.at(), Transition.UPDATED, "vehicle found again after a restart");
            open.put(v.parkingId(), o);
            LOG.info("illegal parking continued: event {} camera {} zone {} {} found again after a restart",
                    event.id(), camera.id(), v.zone().id(), v.label());
            publish(o, v.at());
            return;
        }
        UUID id = UUID.randomUUID();
        Instant at = v.at();
        String snapshotKey = EvidenceKeys.snapshot(camera.id(), at, id, 1);
        String clipKey = EvidenceKeys.clip(camera.id(), at, id);
        Instant clipFrom = at.minus(settings.preRoll()), clipTo = at.plus(settings.postRoll());
        Event event = new Event(id, EventKind.ILLEGAL_PARKING, EventState.OPEN, v.zone().severity(), v.confidence(),
                camera, v.zone().id(), v.zone().department(), at, null, List.of(object(v)),
                new Evidence(snapshotKey, clipKey, clipFrom, clipTo), at);
        Open o = new Open(event, at, Transition.OPENED,
                v.label() + " stationary " + Math.round(v.dwellSeconds()) + " s in zone " + v.zone().name());
        open.put(v.parkingId(), o);
        LOG.info("illegal parking opened: event {} camera {} zone {} {} track {} box {} after {} s still",
                id, camera.id(), v.zone().id(), v.label(), v.trackId(), v.box(), Math.round(v.dwellSeconds()));
        try {
            publish(o, at);
        } finally {
            // the frame is here only now: the snapshot and clip must not depend on the store being up
            byte[] jpeg = SnapshotRenderer.render(frame, v.box(),
                    v.label() + " " + Math.round(v.dwellSeconds()) + " s");
            evidence.onEvidence(new EvidenceRequest(id, camera.id(), jpeg, snapshotKey, clipFrom, clipTo, clipKey));
        }
    }

    /** Sends the change the sink has not taken yet; it stays pending if the sink throws. */
    private void publish(Open o, Instant at) {
        sink.accept(new EventChange(o.event, o.unpublished, ACTOR, at, o.unpublishedReason));
        o.unpublished = null;
        o.unpublishedReason = null;
        o.lastPublished = at;
    }

    private void updated(ParkingVerdict v) {
        Open o = open.get(v.parkingId());
        if (o == null || o.unpublished == Transition.CLOSED) return;
        o.event = o.event.withObjects(List.of(object(v)), v.confidence(), v.at());
        if (o.unpublished != null) {
            LOG.info("event {} camera {}: sending its {} again, the store refused it before", o.event.id(), camera.id(),
                    o.unpublished);
            publish(o, v.at());
            return;
        }
        if (Duration.between(o.lastPublished, v.at()).compareTo(settings.updateInterval()) < 0) return;
        o.unpublished = Transition.UPDATED;
        publish(o, v.at());
    }

    /** @param dwellSeconds for the log (unused when retrying a CLOSED the sink refused) */
    private void closed(long parkingId, Instant at, double dwellSeconds) {
        Open o = open.get(parkingId);
        if (o == null) return;
        if (o.unpublished == Transition.OPENED) publish(o, at); // the store must know the event before it ends
        if (o.unpublished != Transition.CLOSED) {
            o.event = o.event.ended(at);
            o.unpublished = Transition.CLOSED;
            o.unpublishedReason = "vehicle left or no longer seen";
            LOG.info("illegal parking closed: event {} camera {} zone {} after {} s", o.event.id(), camera.id(),
                    o.event.zoneId(), Math.round(dwellSeconds));
        }
        publish(o, at);
        open.remove(parkingId);
    }

    /** The carried-over event of the verdict's zone whose vehicle stood where this one stands, if any. */
    private Event claimCarriedOver(ParkingVerdict v) {
        for (var it = carriedOver.iterator(); it.hasNext(); ) {
            Event e = it.next();
            if (!e.zoneId().equals(v.zone().id()) || e.objects().isEmpty()) continue;
            if (e.objects().getFirst().box().iou(v.box()) >= settings.resumeMinIou()) {
                it.remove();
                return e;
            }
        }
        return null;
    }

    private static EventObject object(ParkingVerdict v) {
        return new EventObject(v.trackId(), v.label(), v.box(), v.dwellSeconds());
    }
}
