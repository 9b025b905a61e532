package city.citywatch.core.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Object-store keys of evidence (DESIGN.md, "Object store layout"). Dated in UTC so that keys do not
 * depend on the node's time zone, and so retention can delete whole days by prefix.
 */
public final class EvidenceKeys {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private EvidenceKeys() {
    }

    public static String clip(String cameraId, Instant eventStart, UUID eventId) {
        return "clips/" + cameraId + "/" + DAY.format(eventStart) + "/" + eventId + ".mp4";
    }

    /** @param n 1-based number of the snapshot within the event */
    public static String snapshot(String cameraId, Instant eventStart, UUID eventId, int n) {
        return "snapshots/" + cameraId + "/" + DAY.format(eventStart) + "/" + eventId + "-" + n + ".jpg";
    }
}
