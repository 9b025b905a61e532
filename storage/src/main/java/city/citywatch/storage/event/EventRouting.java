package city.citywatch.storage.event;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventTypes;

import java.util.List;

/**
 * Which Kafka topics an event's changes go to (DESIGN.md, "Contracts"): every situation to
 * {@code citywatch.events} and to the department that must act on it; camera health only to
 * {@code citywatch.camera-health}, because it is for the operators of the platform, not for departments.
 */
public final class EventRouting {
    private EventRouting() {
    }

    /**
     * The CloudEvent subject: the zone id; for {@code camera_health} events, which have no zone, the finding
     * ({@code offline}, {@code frozen}...), so that a consumer can pick the findings it handles without parsing data.
     */
    public static String subject(Event event) {
        if (event.kind() == EventKind.CAMERA_HEALTH && event.zoneId() == null && event.health() != null) {
            return event.health().finding();
        }
        return event.zoneId();
    }

    public static List<String> topics(Event event) {
        if (event.kind() == EventKind.CAMERA_HEALTH) return List.of(EventTypes.CAMERA_HEALTH_TOPIC);
        return List.of(EventTypes.ALL_EVENTS_TOPIC, EventTypes.DISPATCH_TOPIC_PREFIX + event.department());
    }
}
