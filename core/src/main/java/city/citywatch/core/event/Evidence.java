package city.citywatch.core.event;

import java.time.Instant;

/**
 * Object-store keys of an event's evidence. Keys are fixed when the event opens (they are derived from
 * camera, date and event id), so the opening CloudEvent can carry them before the upload finishes; URLs
 * are signed on demand.
 */
public record Evidence(String snapshotKey, String clipKey, Instant clipFrom, Instant clipTo) {
}
