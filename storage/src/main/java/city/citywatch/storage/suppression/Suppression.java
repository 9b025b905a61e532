package city.citywatch.storage.suppression;

import city.citywatch.core.event.EventKind;

import java.time.Instant;
import java.util.UUID;

/**
 * New events of this kind in this zone are not raised while the suppression is active: an officer marked an event
 * there a false alarm (a police car that always parks there is not news).
 *
 * @param until   null = until deleted
 * @param eventId the false alarm that created it; null when created otherwise
 */
public record Suppression(UUID id, String cameraId, String zoneId, EventKind kind, String createdBy, Instant createdAt,
                          Instant until, String reason, UUID eventId) {

    public boolean activeAt(Instant t) {
        return until == null || t.isBefore(until);
    }
}
