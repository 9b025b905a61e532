package city.citywatch.analytics.detect;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Zone;

import java.util.ArrayList;
import java.util.List;

/** Plans the focus tiles for a camera's zones (see {@link FocusSettings}). */
public final class FocusTiles {
    /** Neighbouring tiles overlap by this fraction, so a vehicle cut by one tile's edge is whole in the next. */
    private static final double OVERLAP = 0.25;

    private FocusTiles() {
    }

    /** Tiles in frame pixels covering the zones' bounding rectangle plus margin; empty if disabled or no zones. */
    public static List<BoundingBox> plan(List<Zone> zones, int width, int height, FocusSettings s) {
        if (!s.enabled() || zones.isEmpty()) return List.of();
        double minX = 1, minY = 1, maxX = 0, maxY = 0;
        for (Zone z : zones) {
            for (Point p : z.polygon().points()) {
                minX = Math.min(minX, p.x());
                minY = Math.min(minY, p.y());
                maxX = Math.max(maxX, p.x());
                maxY = Math.max(maxY, p.y());
            }
        }
        double x1 = Math.max(0, minX * width - s.marginPx()), y1 = Math.max(0, minY * height - s.marginPx());
        double x2 = Math.min(width, maxX * width + s.marginPx()), y2 = Math.min(height, maxY * height + s.marginPx());
        double w = x2 - x1, h = y2 - y1;
        if (w >= width * 0.9 && h >= height * 0.9) return List.of(); // the full-frame pass already is this view
        double tile = s.tilePx();
        while (count(w, tile) * count(h, tile) > s.maxTiles()) tile *= 1.25;
        int nx = count(w, tile), ny = count(h, tile);
        double tw = Math.min(w, tile), th = Math.min(h, tile);
        List<BoundingBox> tiles = new ArrayList<>(nx * ny);
        for (int j = 0; j < ny; j++) {
            double ty = ny == 1 ? y1 : y1 + j * (h - th) / (ny - 1);
            for (int i = 0; i < nx; i++) {
                double tx = nx == 1 ? x1 : x1 + i * (w - tw) / (nx - 1);
                tiles.add(new BoundingBox(tx, ty, tx + tw, ty + th));
            }
        }
        return tiles;
    }

    private static int count(double length, double tile) {
        if (length <= tile) return 1;
        return (int) Math.ceil((length - tile * OVERLAP) / (tile * (1 - OVERLAP)));
    }
}
