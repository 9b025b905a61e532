package city.citywatch.api.app;

import city.citywatch.core.zone.Polygon;

/**
 * The demo camera's no-parking zone: the far stretch of the right-hand hard shoulder in the K295 view (right of
 * the carriageway's solid edge line, x 325..384 px, y 194..243 px of the 640x540 picture), with ~15 px to spare
 * from the lane the trucks drive in. The same polygon the analytics tests use on the same video.
 */
final class DemoZone {
    static final Polygon POLYGON = Polygon.of(0.508, 0.360, 0.522, 0.400, 0.545, 0.450, 0.600, 0.450, 0.570, 0.360);

    private DemoZone() {
    }
}
