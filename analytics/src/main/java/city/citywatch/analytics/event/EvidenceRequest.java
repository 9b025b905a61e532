package city.citywatch.analytics.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Evidence to store for a newly opened event: the rendered snapshot (upload as is) and the clip window (cut from
 * ingest's packet ring buffer plus what arrives until {@code clipTo}, remuxed, then uploaded). Keys are the ones the
 * event already carries.
 *
 * @param snapshotJpeg JPEG of the frame that opened the event, the vehicle's box drawn
 */
public record EvidenceRequest(UUID eventId, String cameraId, byte[] snapshotJpeg, String snapshotKey,
                              Instant clipFrom, Instant clipTo, String clipKey) {
}
