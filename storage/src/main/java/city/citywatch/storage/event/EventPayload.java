package city.citywatch.storage.event;

import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code data} of an event's CloudEvent (DESIGN.md, "Contracts"): the event as it is after the step,
 * plus the step itself. Serialised with core's {@code Json.mapper()}; also kept per transition so that an
 * event's history reads exactly as it was published.
 */
public record EventPayload(UUID id, EventKind kind, EventState state, Severity severity, double confidence,
                           CameraRef camera, String zoneId, String department, Instant startedAt, Instant endedAt,
                           List<EventObject> objects, Evidence evidence, Instant updatedAt,
                           HealthFinding health, Transition transition, String actor, Instant at, String note) {

    public static EventPayload of(EventChange change) {
        Event e = change.event();
        return new EventPayload(e.id(), e.kind(), e.state(), e.severity(), e.confidence(), e.camera(), e.zoneId(),
                e.department(), e.startedAt(), e.endedAt(), e.objects(), e.evidence(), e.updatedAt(), e.health(),
                change.transition(), change.actor(), change.at(), change.note());
    }

    public Event event() {
        return new Event(id, kind, state, severity, confidence, camera, zoneId, department, startedAt, endedAt,
                objects, evidence, updatedAt, health);
    }

    public EventChange change() {
        return new EventChange(event(), transition, actor, at, note);
    }
}
