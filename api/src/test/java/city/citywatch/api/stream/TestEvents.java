package city.citywatch.api.stream;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Evidence;
import city.citywatch.core.event.EvidenceKeys;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Illegal-parking events as the event engine would hand them to the repository. */
final class TestEvents {
    private TestEvents() {
    }

    static Event parking(String cameraId, String zoneId, String department, Instant start) {
        UUID id = UUID.randomUUID();
        CameraRef camera = new CameraRef(cameraId, "Camera " + cameraId,
                new GeoLocation(31.2304, 121.4737, "Nanjing Road East 100"));
        Evidence evidence = new Evidence(EvidenceKeys.snapshot(cameraId, start, id, 0),
                EvidenceKeys.clip(cameraId, start, id), start.minusSeconds(10), start.plusSeconds(10));
        return new Event(id, EventKind.ILLEGAL_PARKING, EventState.OPEN, Severity.MEDIUM, 0.87, camera, zoneId,
                department, start, null,
                List.of(new EventObject(7, "car", new BoundingBox(100, 200, 300, 320), 312.0)), evidence, start);
    }

    static EventChange opened(Event e) {
        return new EventChange(e, Transition.OPENED, "system", e.startedAt(), null);
    }

    static EventChange updated(Event e, int step) {
        Instant at = e.startedAt().plus(step, ChronoUnit.SECONDS);
        Event later = e.withObjects(e.objects(), Math.min(1.0, e.confidence() + step * 0.001), at);
        return new EventChange(later, Transition.UPDATED, "system", at, null);
    }

    static EventChange closed(Event e, int step) {
        Instant at = e.startedAt().plus(step, ChronoUnit.SECONDS);
        return new EventChange(e.ended(at), Transition.CLOSED, "system", at, null);
    }
}
