package city.citywatch.core.event;

import city.citywatch.core.detection.BoundingBox;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An object involved in an event: a tracked object, or a measured quantity (flooding: the zone's water, a gauge).
 *
 * @param box          last known box in source-image pixels; null for a gauge (it is not in the picture)
 * @param dwellSeconds how long it has been stationary in the zone (parking, debris), or how long the measured
 *                     condition has held (flooding)
 * @param sensorId     the gauge that measured {@code value}; null for what a camera saw
 * @param value        the measured quantity: water fraction of the zone (0..1), a gauge's water depth or rain rate
 * @param unit         unit of {@code value}: {@code fraction}, {@code cm}, {@code mm/h}
 */
public record EventObject(long trackId, String label, BoundingBox box, double dwellSeconds,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String sensorId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double value,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String unit) {

    /** A tracked object (parking, debris, crowd). */
    public EventObject(long trackId, String label, BoundingBox box, double dwellSeconds) {
        this(trackId, label, box, dwellSeconds, null, null, null);
    }
}
