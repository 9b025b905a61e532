package city.citywatch.core.camera;

import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Zone;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** A camera: where to pull its video from, where it stands, and the zones drawn on its image. */
public record Camera(String id, String name, URI streamUri, GeoLocation location, List<Zone> zones) {
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    public Camera {
        Objects.requireNonNull(id, "id");
        if (!id.matches(ID_PATTERN)) {
            throw new ValidationException("id", "must match " + ID_PATTERN + " (it appears in object keys and URLs), got '" + id + "'");
        }
        if (streamUri == null) throw new ValidationException("streamUri", "is required");
        String scheme = streamUri.getScheme();
        if (scheme == null || !(scheme.equals("rtsp") || scheme.equals("rtsps"))) {
            throw new ValidationException("streamUri", "scheme must be rtsp or rtsps, got '" + streamUri + "'");
        }
        if (streamUri.getHost() == null) throw new ValidationException("streamUri", "has no host: '" + streamUri + "'");
        if (name == null || name.isBlank()) name = id;
        zones = zones == null ? List.of() : List.copyOf(zones);
        for (int i = 0; i < zones.size(); i++) {
            if (!id.equals(zones.get(i).cameraId())) {
                throw new ValidationException("zones[" + i + "].cameraId", "must be the camera's id '" + id + "'");
            }
        }
    }

    public Camera withZones(List<Zone> newZones) {
        return new Camera(id, name, streamUri, location, newZones);
    }
}
