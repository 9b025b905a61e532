package city.citywatch.core.zone;

/** A point in normalised image coordinates: (0,0) top-left, (1,1) bottom-right. */
public record Point(double x, double y) {
}
