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
 */
public final class EventEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EventEngine.class);
    private static final String ACTOR = "system";

    private final CameraRef camera;
    private final EventEngineSettings settings;
    private final EventSink sink;
    private final EvidenceListener evidence;
    private final Map<Long, Open> open = new HashMap<>();
    private final List<Event> carriedOver;
    private Instant firstFrameAt;

    private static final class Open {
        Event event;
        Instant lastPublished;

        Open(Event event, Instant at) {
            this.event = event;
            this.lastPublished = at;
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
        for (ParkingVerdict v : verdicts) {
            switch (v.kind()) {
                case OPEN -> opened(frame, v);
                case UPDATE -> updated(v);
                case CLOSE -> closed(v);
            }
        }
        if (!carriedOver.isEmpty()
                && Duration.between(firstFrameAt, frame.capturedAt()).compareTo(settings.resumeWindow()) > 0) {
            for (Event e : carriedOver) {
                LOG.info("illegal parking closed: event {} camera {} zone {} was open before the restart and its vehicle "
                        + "was not found again within {} s", e.id(), camera.id(), e.zoneId(), settings.resumeWindow().toSeconds());
                sink.accept(new EventChange(e.ended(frame.capturedAt()), Transition.CLOSED, ACTOR, frame.capturedAt(),
                        "vehicle not found again after a restart of the analysis"));
            }
            carriedOver.clear();
        }
    }

    /** Number of events opened and not yet closed. */
    public int openCount() {
        return open.size();
    }

    private void opened(VideoFrame frame, ParkingVerdict v) {
        if (open.containsKey(v.parkingId())) return;
        Event resumed = claimCarriedOver(v);
        if (resumed != null) {
            Event event = resumed.withObjects(List.of(object(v)), v.confidence(), v.at());
            open.put(v.parkingId(), new Open(event, v.at()));
            LOG.info("illegal parking continued: event {} camera {} zone {} {} found again after a restart",
                    event.id(), camera.id(), v.zone().id(), v.label());
            sink.accept(new EventChange(event, Transition.UPDATED, ACTOR, v.at(), "vehicle found again after a restart"));
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
        open.put(v.parkingId(), new Open(event, at));
        LOG.info("illegal parking opened: event {} camera {} zone {} {} track {} box {} after {} s still",
                id, camera.id(), v.zone().id(), v.label(), v.trackId(), v.box(), Math.round(v.dwellSeconds()));
        sink.accept(new EventChange(event, Transition.OPENED, ACTOR, at,
                v.label() + " stationary " + Math.round(v.dwellSeconds()) + " s in zone " + v.zone().name()));
        byte[] jpeg = SnapshotRenderer.render(frame, v.box(),
                v.label() + " " + Math.round(v.dwellSeconds()) + " s");
        evidence.onEvidence(new EvidenceRequest(id, camera.id(), jpeg, snapshotKey, clipFrom, clipTo, clipKey));
    }

    private void updated(ParkingVerdict v) {
        Open o = open.get(v.parkingId());
        if (o == null) return;
        o.event = o.event.withObjects(List.of(object(v)), v.confidence(), v.at());
        if (Duration.between(o.lastPublished, v.at()).compareTo(settings.updateInterval()) < 0) return;
        o.lastPublished = v.at();
        sink.accept(new EventChange(o.event, Transition.UPDATED, ACTOR, v.at(), null));
    }

    private void closed(ParkingVerdict v) {
        Open o = open.remove(v.parkingId());
        if (o == null) return;
        Event ended = o.event.ended(v.at());
        LOG.info("illegal parking closed: event {} camera {} zone {} after {} s", ended.id(), camera.id(),
                v.zone().id(), Math.round(v.dwellSeconds()));
        sink.accept(new EventChange(ended, Transition.CLOSED, ACTOR, v.at(), "vehicle left or no longer seen"));
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
