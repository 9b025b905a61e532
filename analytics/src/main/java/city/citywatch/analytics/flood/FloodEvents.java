package city.citywatch.analytics.flood;

import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lifecycle of one camera's flooding events: OPENED with a snapshot of the water mask and a clip request,
 * UPDATED (throttled) as the water fraction and gauge depths change, CLOSED once the rule's hysteresis lets go.
 * A change the sink refuses (store down) is kept and sent again with the zone's next verdict. Not thread-safe.
 */
public final class FloodEvents {
    private static final Logger LOG = LoggerFactory.getLogger(FloodEvents.class);
    private static final String ACTOR = "system";

    private final CameraRef camera;
    private final EventSink sink;
    private final EvidenceListener evidence;
    private final Duration preRoll;
    private final Duration postRoll;
    private final Duration updateInterval;
    private final Map<String, Open> open = new HashMap<>();

    private static final class Open {
        Event event;
        Instant lastPublished;
        Transition unpublished;
        String note;
    }

    public FloodEvents(CameraRef camera, EventSink sink, EvidenceListener evidence, Duration preRoll, Duration postRoll,
                       Duration updateInterval) {
        this.camera = camera;
        this.sink = sink;
        this.evidence = evidence;
        this.preRoll = preRoll;
        this.postRoll = postRoll;
        this.updateInterval = updateInterval;
    }

    public void onVerdicts(VideoFrame frame, List<FloodVerdict> verdicts) {
        RuntimeException failure = null;
        for (FloodVerdict v : verdicts) {
            try {
                switch (v.kind()) {
                    case OPEN -> opened(frame, v);
                    case UPDATE -> updated(v);
                    case CLOSE -> closed(v);
                }
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    public int openCount() {
        return open.size();
    }

    private void opened(VideoFrame frame, FloodVerdict v) {
        if (open.containsKey(v.zone().id())) return;
        UUID id = UUID.randomUUID();
        Instant at = v.at();
        String snapshotKey = EvidenceKeys.snapshot(camera.id(), at, id, 1);
        String clipKey = EvidenceKeys.clip(camera.id(), at, id);
        Instant clipFrom = at.minus(preRoll), clipTo = at.plus(postRoll);
        Open o = new Open();
        o.event = new Event(id, EventKind.FLOODING, EventState.OPEN, v.severity(), v.confidence(), camera, v.zone().id(),
                v.zone().department(), at, null, FloodObjects.of(v.zoneBox(), v.fraction(), v.heldSeconds(), v.gauges()),
                new Evidence(snapshotKey, clipKey, clipFrom, clipTo), at);
        o.unpublished = Transition.OPENED;
        o.note = caption(v) + " for " + Math.round(v.heldSeconds()) + " s";
        open.put(v.zone().id(), o);
        LOG.info("flooding opened: event {} camera {} zone {}: {} (threshold {} %), severity {}", id, camera.id(),
                v.zone().id(), caption(v), Math.round(v.threshold() * 100), v.severity().wireName());
        try {
            publish(o, at);
        } finally {
            byte[] jpeg = FloodSnapshot.render(frame, v.zone(), v.waterCells(), caption(v));
            evidence.onEvidence(new EvidenceRequest(id, camera.id(), jpeg, snapshotKey, clipFrom, clipTo, clipKey));
        }
    }

    private void updated(FloodVerdict v) {
        Open o = open.get(v.zone().id());
        if (o == null) return;
        o.event = new Event(o.event.id(), o.event.kind(), o.event.state(), v.severity(), v.confidence(), camera,
                o.event.zoneId(), o.event.department(), o.event.startedAt(), null,
                FloodObjects.of(v.zoneBox(), v.fraction(), v.heldSeconds(), v.gauges()), o.event.evidence(), v.at());
        if (o.unpublished == null) {
            if (Duration.between(o.lastPublished, v.at()).compareTo(updateInterval) < 0) return;
            o.unpublished = Transition.UPDATED;
            o.note = caption(v);
        }
        publish(o, v.at());
    }

    private void closed(FloodVerdict v) {
        Open o = open.get(v.zone().id());
        if (o == null) return;
        if (o.unpublished == Transition.OPENED) publish(o, v.at()); // the store must know the event before it ends
        o.event = o.event.ended(v.at());
        o.unpublished = Transition.CLOSED;
        o.note = "water receded: " + caption(v);
        publish(o, v.at());
        open.remove(v.zone().id());
        LOG.info("flooding closed: event {} camera {} zone {}: {}", o.event.id(), camera.id(), v.zone().id(), caption(v));
    }

    private void publish(Open o, Instant at) {
        sink.accept(new EventChange(o.event, o.unpublished, ACTOR, at, o.note));
        o.unpublished = null;
        o.note = null;
        o.lastPublished = at;
    }

    static String caption(FloodVerdict v) {
        StringBuilder s = new StringBuilder("water ").append(Math.round(v.fraction() * 100)).append(" % of zone");
        for (var g : v.gauges()) {
            s.append(", gauge ").append(g.sensor().id()).append(' ').append(g.reading().value()).append(' ').append(g.reading().unit());
        }
        return s.toString();
    }
}
