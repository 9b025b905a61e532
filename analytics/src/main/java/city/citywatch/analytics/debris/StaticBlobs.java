package city.citywatch.analytics.debris;

import city.citywatch.analytics.background.DualBackground;
import city.citywatch.core.detection.BoundingBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Static-foreground cells of a {@link DualBackground} grouped into blobs: a morphological closing (3x3) joins the
 * pieces of one object that the background shows through, then 8-connected components.
 */
final class StaticBlobs {
    /**
     * One object candidate: its box in frame pixels, how many cells it covers, and since when its cells have been
     * static (median over its cells, epoch millis): an object that stays has old cells, the traces that passers-by
     * leave for a moment have new ones.
     */
    record Blob(BoundingBox box, int cells, double area, long staticSince) {
    }

    private StaticBlobs() {
    }

    /** @param within cells to look at (the debris zones), indexed like the model's grid */
    static List<Blob> find(DualBackground bg, boolean[] within) {
        int gw = bg.gridWidth(), gh = bg.gridHeight(), n = gw * gh;
        boolean[] mask = new boolean[n];
        for (int c = 0; c < n; c++) mask[c] = within[c] && bg.staticSince(c) >= 0;
        boolean[] closed = erode(dilate(mask, gw, gh), gw, gh);
        for (int c = 0; c < n; c++) closed[c] &= within[c];
        int[] label = new int[n];
        int[] stack = new int[n];
        List<Blob> out = new ArrayList<>();
        int next = 0;
        double cellArea = (double) bg.step() * bg.step();
        for (int s = 0; s < n; s++) {
            if (!closed[s] || label[s] != 0) continue;
            next++;
            int sp = 0, count = 0, x1 = gw, y1 = gh, x2 = -1, y2 = -1;
            List<Long> since = new ArrayList<>();
            stack[sp++] = s;
            label[s] = next;
            while (sp > 0) {
                int c = stack[--sp];
                int x = c % gw, y = c / gw;
                count++;
                if (bg.staticSince(c) >= 0) since.add(bg.staticSince(c));
                x1 = Math.min(x1, x);
                y1 = Math.min(y1, y);
                x2 = Math.max(x2, x);
                y2 = Math.max(y2, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= gw || ny >= gh) continue;
                        int nc = ny * gw + nx;
                        if (closed[nc] && label[nc] == 0) {
                            label[nc] = next;
                            stack[sp++] = nc;
                        }
                    }
                }
            }
            since.sort(null);
            long median = since.isEmpty() ? Long.MAX_VALUE : since.get(since.size() / 2);
            out.add(new Blob(bg.cellBox(x1, y1, x2, y2), count, count * cellArea, median));
        }
        return out;
    }

    private static boolean[] dilate(boolean[] m, int gw, int gh) {
        boolean[] out = new boolean[m.length];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                if (!m[y * gw + x]) continue;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < gw && ny < gh) out[ny * gw + nx] = true;
                    }
                }
            }
        }
        return out;
    }

    private static boolean[] erode(boolean[] m, int gw, int gh) {
        boolean[] out = new boolean[m.length];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                boolean all = true;
                for (int dy = -1; dy <= 1 && all; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        // outside the frame counts as set, so objects at the border are not eaten away
                        if (nx >= 0 && ny >= 0 && nx < gw && ny < gh && !m[ny * gw + nx]) {
                            all = false;
                            break;
                        }
                    }
                }
                out[y * gw + x] = all;
            }
        }
        return out;
    }
}
