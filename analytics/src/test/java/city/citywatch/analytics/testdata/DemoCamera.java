package city.citywatch.analytics.testdata;

import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Severity;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The demo camera over the RoadTrack clip, with its no-parking zone on the right-hand shoulder ({@link DemoScene}). */
public final class DemoCamera {
    public static final Polygon SHOULDER = DemoScene.SHOULDER_ZONE;

    private DemoCamera() {
    }

    public static Zone shoulderZone(Duration dwell) {
        return new Zone("k295-shoulder", HighwayVideo.CAMERA_ID, "right shoulder", ZoneKind.NO_PARKING, SHOULDER,
                dwell, Severity.HIGH, "traffic-police");
    }

    public static Camera camera(List<Zone> zones) {
        return new Camera(HighwayVideo.CAMERA_ID, "S2 K295+420", URI.create("rtsp://127.0.0.1:8554/k295"),
                new GeoLocation(30.6, 104.1, "S2 Chengba expressway K295+420"), zones);
    }
}
