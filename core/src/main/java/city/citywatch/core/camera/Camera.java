package city.citywatch.core.camera;

import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Zone;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A camera: where to pull its video from, where it stands, and the zones drawn on its image.
 *
 * @param streamUri         the main stream: recorded into the clip ring buffer, and analysed unless there is a
 *                          sub-stream
 * @param analysisStreamUri optional sub-stream of the same view at a lower resolution (an ONVIF sub-profile):
 *                          analysis decodes it instead of the main stream, which costs a fraction of the CPU;
 *                          null = analyse the main stream
 */
public record Camera(String id, String name, URI streamUri, GeoLocation location, List<Zone> zones,
                     URI analysisStreamUri) {
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    public Camera {
        Objects.requireNonNull(id, "id");
        if (!id.matches(ID_PATTERN)) {
            throw new ValidationException("id", "must match " + ID_PATTERN + " (it appears in object keys and URLs), got '" + id + "'");
        }
        if (streamUri == null) throw new ValidationException("streamUri", "is required");
        checkRtsp("streamUri", streamUri);
        if (analysisStreamUri != null) checkRtsp("analysisStreamUri", analysisStreamUri);
        if (name == null || name.isBlank()) name = id;
        zones = zones == null ? List.of() : List.copyOf(zones);
        for (int i = 0; i < zones.size(); i++) {
            if (!id.equals(zones.get(i).cameraId())) {
                throw new ValidationException("zones[" + i + "].cameraId", "must be the camera's id '" + id + "'");
            }
        }
    }

    /** A camera analysed on its main stream. */
    public Camera(String id, String name, URI streamUri, GeoLocation location, List<Zone> zones) {
        this(id, name, streamUri, location, zones, null);
    }

    private static void checkRtsp(String field, URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("rtsp") || scheme.equals("rtsps"))) {
            throw new ValidationException(field, "scheme must be rtsp or rtsps, got '" + uri + "'");
        }
        if (uri.getHost() == null) throw new ValidationException(field, "has no host: '" + uri + "'");
    }

    public Camera withZones(List<Zone> newZones) {
        return new Camera(id, name, streamUri, location, newZones, analysisStreamUri);
    }

    public Camera withAnalysisStreamUri(URI uri) {
        return new Camera(id, name, streamUri, location, zones, uri);
    }

    /** The stream analysis decodes: the sub-stream when there is one. */
    public URI analysisSource() {
        return analysisStreamUri != null ? analysisStreamUri : streamUri;
    }
}
