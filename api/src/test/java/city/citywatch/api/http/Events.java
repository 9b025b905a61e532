package city.citywatch.api.http;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.EvidenceKeys;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.storage.event.EventRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds and stores events the way the event engine does: through {@link EventRepository#record}. */
final class Events {
    private Events() {
    }

    static Event event(String cameraId, EventKind kind, Instant startedAt) {
        UUID id = UUID.randomUUID();
        return new Event(id, kind, EventState.OPEN, Severity.HIGH, 0.87,
                new CameraRef(cameraId, "Camera " + cameraId, new GeoLocation(31.23, 121.47, "Nanjing Rd 1")),
                "zone-a", "city-management", startedAt, null,
                List.of(new city.citywatch.core.event.EventObject(7, "car", new BoundingBox(10, 20, 110, 90), 305.5)),
                new Evidence(EvidenceKeys.snapshot(cameraId, startedAt, id, 1), EvidenceKeys.clip(cameraId, startedAt, id),
                        startedAt.minusSeconds(10), startedAt.plusSeconds(20)),
                startedAt);
    }

    static Event opened(EventRepository events, Event event) {
        return events.record(new EventChange(event, Transition.OPENED, "system", event.startedAt(), null)).event();
    }
}
