package city.citywatch.core.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One real-world situation that someone must act on, with its evidence.
 *
 * @param startedAt when the rule's condition was first met (for parking: dwell elapsed)
 * @param endedAt   when the situation ended (vehicle left); null while it goes on
 */
public record Event(UUID id, EventKind kind, EventState state, Severity severity, double confidence,
                    CameraRef camera, String zoneId, String department, Instant startedAt, Instant endedAt,
                    List<EventObject> objects, Evidence evidence, Instant updatedAt) {
    public Event {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    public Event withState(EventState newState, Instant at) {
        return new Event(id, kind, newState, severity, confidence, camera, zoneId, department, startedAt, endedAt,
                objects, evidence, at);
    }

    public Event withObjects(List<EventObject> newObjects, double newConfidence, Instant at) {
        return new Event(id, kind, state, severity, newConfidence, camera, zoneId, department, startedAt, endedAt,
                newObjects, evidence, at);
    }

    public Event ended(Instant at) {
        return new Event(id, kind, state, severity, confidence, camera, zoneId, department, startedAt, at,
                objects, evidence, at);
    }
}
