package city.citywatch.analytics.parking;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * Parameters of the illegal-parking rule; the dwell time itself is per zone ({@code Zone.dwell}).
 *
 * @param stillTolerance   the ground point may wander this fraction of the box size and still count as stationary
 *                         (detector jitter); more and the dwell starts again
 * @param leaveGrace       an open event closes when its vehicle has not been seen at its place for this long; longer
 *                         than a passing truck hides a parked car
 * @param sameVehicleIou   a box overlapping an open event's vehicle by at least this IoU is that same vehicle (a
 *                         re-detection, a second box on it, or it seen again after occlusion)
 * @param maxUnseen        a vehicle not seen for longer than this starts its dwell again when it is seen: there is
 *                         no evidence it stood there all that time
 */
public record ParkingSettings(double stillTolerance, Duration leaveGrace, double sameVehicleIou, Duration maxUnseen) {
    public ParkingSettings {
        if (!(stillTolerance > 0 && stillTolerance < 5)) {
            throw new ValidationException("parking.stillTolerance", "must be in (0, 5), got " + stillTolerance);
        }
        if (leaveGrace == null || leaveGrace.isNegative() || leaveGrace.isZero()) {
            throw new ValidationException("parking.leaveGrace", "must be > 0, got " + leaveGrace);
        }
        if (!(sameVehicleIou > 0 && sameVehicleIou < 1)) {
            throw new ValidationException("parking.sameVehicleIou", "must be in (0, 1), got " + sameVehicleIou);
        }
        if (maxUnseen == null || maxUnseen.isNegative() || maxUnseen.isZero()) {
            throw new ValidationException("parking.maxUnseen", "must be > 0, got " + maxUnseen);
        }
    }

    public static ParkingSettings defaults() {
        return new ParkingSettings(0.2, Duration.ofSeconds(20), 0.25, Duration.ofSeconds(10));
    }
}
