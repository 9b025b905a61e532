package city.citywatch.analytics.bench;

import city.citywatch.core.zone.Polygon;

import java.nio.file.Path;

/**
 * The demo camera's scene: RoadTrack's public highway clip (640x540, 10 fps) and the no-parking zone over the far
 * stretch of the right-hand shoulder where a small car stops (x 325..384 px, y 194..243 px). The zone's left edge
 * follows the carriageway's solid edge line with about 15 px to spare from the lane the trucks drive in; it stops at
 * y 0.45 because further down the edge line carries a road marking that the detector reads as a 15x16 "car" at
 * scores up to 0.23 in zone-focus tiles.
 */
public final class DemoScene {
    public static final String VIDEO = "data/roadtrack-highway-parking/video/04-14_09_K295_179.mp4";
    public static final Polygon SHOULDER_ZONE = Polygon.of(
            0.508, 0.360, 0.522, 0.400, 0.545, 0.450, 0.600, 0.450, 0.570, 0.360);

    private DemoScene() {
    }

    public static Path video(Path shared) {
        return shared.resolve(VIDEO);
    }
}
