package city.citywatch.core.event;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.geo.GeoLocation;

/** The camera as an event remembers it, so consumers need no second lookup. */
public record CameraRef(String id, String name, GeoLocation location) {
    public static CameraRef of(Camera camera) {
        return new CameraRef(camera.id(), camera.name(), camera.location());
    }
}
