package city.citywatch.analytics.quality;

import city.citywatch.analytics.event.EventEngineSettings;
import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.analytics.event.SnapshotRenderer;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.EvidenceKeys;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One camera's picture faults as {@code camera_health} events: one event per (camera, finding), OPENED with the
 * evidence (snapshot of the bad picture, clip around it) when the diagnosis raises the finding, CLOSED when it clears.
 * The event's {@link HealthFinding} states the finding and the measured value against its limit.
 * <p>
 * A sink that throws (store down) loses nothing: the refused change is sent again on the next frame; an OPENED is
 * sent before its CLOSED. Events of a finding left open by a previous run of the node are continued: the diagnosis
 * starts with that finding raised ({@link #carriedOverFindings()}) and the event closes when it clears.
 * Not thread-safe: called by the camera's analyzer, one frame at a time.
 */
public final class QualityEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QualityEvents.class);
    private static final String ACTOR = "system";

    private final CameraRef camera;
    private final EventEngineSettings settings;
    private final EventSink sink;
    private final EvidenceListener evidence;
    private final Map<Finding, Event> open = new EnumMap<>(Finding.class);
    /** Changes the sink refused, oldest first, to send again. */
    private final List<EventChange> unsent = new ArrayList<>();
    private final Map<Finding, Event> carriedOver = new EnumMap<>(Finding.class);

    /** @param carriedOver this camera's camera_health events of picture faults left open by a previous run */
    public QualityEvents(CameraRef camera, EventEngineSettings settings, EventSink sink, EvidenceListener evidence,
                         List<Event> carriedOver) {
        this.camera = camera;
        this.settings = settings;
        this.sink = sink;
        this.evidence = evidence;
        for (Event e : carriedOver) {
            if (e.kind() != EventKind.CAMERA_HEALTH || e.health() == null) continue;
            Finding.ofWireName(e.health().finding()).ifPresent(f -> this.carriedOver.put(f, e));
        }
    }

    /** Handles one check's changes (none on most frames; call it anyway: it retries what the sink refused). */
    public void onChanges(List<QualityChange> changes) {
        RuntimeException failure = retry();
        for (QualityChange c : changes) {
            try {
                if (c.raised()) opened(c);
                else closed(c.finding(), c.frame().capturedAt(), c.measurement());
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * The findings whose events were left open by a previous run: the diagnosis should start with them raised, so
     * that analytics stay suppressed until the picture is checked good and the event is closed by the usual clearing.
     */
    public Set<Finding> carriedOverFindings() {
        return Set.copyOf(carriedOver.keySet());
    }

    /** Findings with an event open. */
    public int openCount() {
        return open.size();
    }

    private void opened(QualityChange c) {
        Measurement m = c.measurement();
        Instant at = c.frame().capturedAt();
        HealthFinding health = new HealthFinding(c.finding().wireName(), m.value(), m.threshold(), m.describe());
        UUID id = UUID.randomUUID();
        String snapshotKey = EvidenceKeys.snapshot(camera.id(), at, id, 1);
        String clipKey = EvidenceKeys.clip(camera.id(), at, id);
        Instant clipFrom = at.minus(settings.preRoll()), clipTo = at.plus(settings.postRoll());
        Event e = new Event(id, EventKind.CAMERA_HEALTH, EventState.OPEN, c.finding().severity(), 1.0, camera, null,
                null, at, null, List.of(), new Evidence(snapshotKey, clipKey, clipFrom, clipTo), at, health);
        open.put(c.finding(), e);
        LOG.warn("camera {}: picture fault {} raised, event {}: {}", camera.id(), c.finding().wireName(), id,
                m.describe());
        try {
            send(new EventChange(e, Transition.OPENED, ACTOR, at, m.describe()));
        } finally {
            // the bad picture is here only now: the evidence must not depend on the store being up
            byte[] jpeg = SnapshotRenderer.render(c.frame(), c.finding().wireName() + " - " + m.describe());
            evidence.onEvidence(new EvidenceRequest(id, camera.id(), jpeg, snapshotKey, clipFrom, clipTo, clipKey));
        }
    }

    private void closed(Finding f, Instant at, Measurement m) {
        Event e = open.remove(f);
        if (e == null) e = carriedOver.remove(f);
        if (e == null) return;
        LOG.info("camera {}: picture fault {} cleared, event {} closed: {}", camera.id(), f.wireName(), e.id(),
                m.describe());
        send(new EventChange(e.ended(at), Transition.CLOSED, ACTOR, at, "cleared: " + m.describe()));
    }

    /** Sends in order: while older changes wait, a new one waits behind them (an OPENED must precede its CLOSED). */
    private void send(EventChange change) {
        if (!unsent.isEmpty()) {
            unsent.add(change);
            return;
        }
        try {
            sink.accept(change);
        } catch (RuntimeException e) {
            unsent.add(change);
            throw e;
        }
    }

    private RuntimeException retry() {
        while (!unsent.isEmpty()) {
            try {
                sink.accept(unsent.getFirst());
                unsent.removeFirst();
            } catch (RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) return next;
        if (first != next) first.addSuppressed(next);
        return first;
    }
}
