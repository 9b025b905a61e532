package city.citywatch.core.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One real-world situation that someone must act on, with its evidence.
 *
 * @param startedAt when the rule's condition was first met (for parking: dwell elapsed)
 * @param endedAt   when the situation ended (vehicle left); null while it goes on
 * @param health    for {@code camera_health} events, what is wrong with the camera; null for other kinds
 */
public record Event(UUID id, EventKind kind, EventState state, Severity severity, double confidence,
                    CameraRef camera, String zoneId, String department, Instant startedAt, Instant endedAt,
                    List<EventObject> objects, Evidence evidence, Instant updatedAt, HealthFinding health) {
    public Event {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** An event that is not about camera health. */
    public Event(UUID id, EventKind kind, EventState state, Severity severity, double confidence,
                 CameraRef camera, String zoneId, String department, Instant startedAt, Instant endedAt,
                 List<EventObject> objects, Evidence evidence, Instant updatedAt) {
        this(id, kind, state, severity, confidence, camera, zoneId, department, startedAt, endedAt, objects, evidence,
                updatedAt, null);
    }

    public Event withState(EventState newState, Instant at) {
        return new Event(id, kind, newState, severity, confidence, camera, zoneId, department, startedAt, endedAt,
                objects, evidence, at, health);
    }

    public Event withObjects(List<EventObject> newObjects, double newConfidence, Instant at) {
        return new Event(id, kind, state, severity, newConfidence, camera, zoneId, department, startedAt, endedAt,
                newObjects, evidence, at, health);
    }

    public Event withHealth(HealthFinding newHealth, Instant at) {
        return new Event(id, kind, state, severity, confidence, camera, zoneId, department, startedAt, endedAt,
                objects, evidence, at, newHealth);
    }

    /** The same event routed to another department (a dispatch); not a change of the situation, so no new updatedAt. */
    public Event withDepartment(String newDepartment) {
        return new Event(id, kind, state, severity, confidence, camera, zoneId, newDepartment, startedAt, endedAt,
                objects, evidence, updatedAt, health);
    }

    public Event ended(Instant at) {
        return new Event(id, kind, state, severity, confidence, camera, zoneId, department, startedAt, at,
                objects, evidence, at, health);
    }
}
