package city.citywatch.analytics.parking;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.zone.Zone;

import java.time.Instant;

/**
 * What the parking rule concluded about one parked vehicle in one frame.
 *
 * @param parkingId    the rule's id of this parked vehicle (one event per id); stable across occlusion and track
 *                     changes
 * @param trackId      the track that represents the vehicle now
 * @param box          the vehicle's box in this frame (frame pixels); for CLOSE, where it was last seen
 * @param dwellSeconds how long it has stood still in the zone
 * @param confidence   mean detector score of the vehicle's observations
 */
public record ParkingVerdict(Kind kind, long parkingId, Zone zone, long trackId, String label, BoundingBox box,
                             double dwellSeconds, double confidence, Instant at) {
    public enum Kind {
        /** the dwell time elapsed: once per parked vehicle */
        OPEN,
        /** the vehicle was seen still standing there in this frame */
        UPDATE,
        /** it has not been seen at its place for the leave grace period (or its zone was removed) */
        CLOSE
    }
}
