package city.citywatch.analytics.flood;

import static city.citywatch.analytics.flood.WaterFeatures.GRID_H;
import static city.citywatch.analytics.flood.WaterFeatures.GRID_W;

/**
 * Auto-context cues for the water model's second pass: what the first pass believes around each cell. A cell alone is
 * ambiguous (a smooth grey patch may be tarmac or a puddle), but a cell inside a wide region the first pass calls
 * water, below a horizon of dry cells, mostly is water; these cues let the second pass learn such layouts and clean
 * isolated mistakes, which a per-cell classifier cannot do.
 */
public final class WaterContext {
    public static final String[] NAMES = {
            "p", "p3", "p7", "p15", "pImage", "pRow", "pBelow", "pAbove", "pMinus7"};
    public static final int COUNT = NAMES.length;

    private WaterContext() {
    }

    /** Context of every cell, row-major, from the first pass' water probabilities. */
    public static float[][] compute(float[] p) {
        float[] b1 = boxMean(p, 1), b3 = boxMean(p, 3), b7 = boxMean(p, 7);
        double sum = 0;
        for (float v : p) sum += v;
        float image = (float) (sum / p.length);
        float[] row = new float[GRID_H];
        for (int y = 0; y < GRID_H; y++) {
            double s = 0;
            for (int x = 0; x < GRID_W; x++) s += p[y * GRID_W + x];
            row[y] = (float) (s / GRID_W);
        }
        // Column sums from the top give "water above" and "water below" of every cell in one pass.
        float[][] out = new float[p.length][COUNT];
        for (int x = 0; x < GRID_W; x++) {
            double total = 0;
            for (int y = 0; y < GRID_H; y++) total += p[y * GRID_W + x];
            double above = 0;
            for (int y = 0; y < GRID_H; y++) {
                int c = y * GRID_W + x;
                double below = total - above - p[c];
                int nBelow = GRID_H - 1 - y;
                float[] f = out[c];
                f[0] = p[c];
                f[1] = b1[c];
                f[2] = b3[c];
                f[3] = b7[c];
                f[4] = image;
                f[5] = row[y];
                f[6] = nBelow == 0 ? p[c] : (float) (below / nBelow);
                f[7] = y == 0 ? p[c] : (float) (above / y);
                f[8] = p[c] - b3[c];
                above += p[c];
            }
        }
        return out;
    }

    /** Mean over the (2r+1)² cells around each cell, clipped at the grid's edge. */
    private static float[] boxMean(float[] v, int r) {
        float[] out = new float[v.length];
        for (int y = 0; y < GRID_H; y++) {
            int y0 = Math.max(0, y - r), y1 = Math.min(GRID_H - 1, y + r);
            for (int x = 0; x < GRID_W; x++) {
                int x0 = Math.max(0, x - r), x1 = Math.min(GRID_W - 1, x + r);
                double s = 0;
                for (int yy = y0; yy <= y1; yy++) for (int xx = x0; xx <= x1; xx++) s += v[yy * GRID_W + xx];
                out[y * GRID_W + x] = (float) (s / ((y1 - y0 + 1) * (x1 - x0 + 1)));
            }
        }
        return out;
    }
}
