package city.citywatch.core.event;

import city.citywatch.core.detection.BoundingBox;

/**
 * An object involved in an event.
 *
 * @param box          last known box in source-image pixels
 * @param dwellSeconds how long it has been stationary in the zone (parking, debris)
 */
public record EventObject(long trackId, String label, BoundingBox box, double dwellSeconds) {
}
