package city.citywatch.storage.testing;

import city.citywatch.core.camera.Camera;
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
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Domain objects as the event engine and the API produce them. */
public final class Fixtures {
    /** A fixed start, at whole microseconds (what the database keeps). */
    public static final Instant T0 = Instant.parse("2025-03-14T08:30:00.123456Z");

    private Fixtures() {
    }

    public static Zone zone(String cameraId, String id, ZoneKind kind, String department) {
        return new Zone(id, cameraId, "Zone " + id, kind, Polygon.of(0.1, 0.5, 0.9, 0.5, 0.9, 0.95, 0.1, 0.95),
                Duration.ofSeconds(90), Severity.HIGH, department);
    }

    public static Camera camera(String id, Zone... zones) {
        return new Camera(id, "Camera " + id, URI.create("rtsp://10.0.0.7:554/" + id + "/main"),
                new GeoLocation(31.2304, 121.4737, "No. 1 Renmin Road"), List.of(zones));
    }

    public static Event event(String cameraId, String zoneId, EventKind kind, Instant startedAt) {
        UUID id = UUID.randomUUID();
        return new Event(id, kind, EventState.OPEN, Severity.HIGH, 0.87,
                new CameraRef(cameraId, "Camera " + cameraId, new GeoLocation(31.2304, 121.4737, "No. 1 Renmin Road")),
                zoneId, kind == EventKind.CAMERA_HEALTH ? null : "city-management", startedAt, null,
                List.of(new EventObject(17, "car", new BoundingBox(100, 200, 340, 380), 95.5)),
                new Evidence(EvidenceKeys.snapshot(cameraId, startedAt, id, 1), EvidenceKeys.clip(cameraId, startedAt, id),
                        startedAt.minusSeconds(10), startedAt.plusSeconds(20)),
                startedAt);
    }

    public static EventChange opened(Event e) {
        return new EventChange(e, Transition.OPENED, "system", e.startedAt(), null);
    }
}
