package city.citywatch.core.geo;

import city.citywatch.core.validation.ValidationException;

/** Where a camera stands: WGS-84 latitude/longitude in degrees, and a street address for people. */
public record GeoLocation(double lat, double lon, String address) {
    public GeoLocation {
        if (!(lat >= -90 && lat <= 90)) throw new ValidationException("lat", "must be between -90 and 90, got " + lat);
        if (!(lon >= -180 && lon <= 180)) throw new ValidationException("lon", "must be between -180 and 180, got " + lon);
        address = address == null ? "" : address;
    }
}
