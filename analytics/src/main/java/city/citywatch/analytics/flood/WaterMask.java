package city.citywatch.analytics.flood;

import static city.citywatch.analytics.flood.WaterFeatures.GRID_H;
import static city.citywatch.analytics.flood.WaterFeatures.GRID_W;

/** Turns the cell grid of water probabilities into a picture-sized mask (bilinear between cell centres). */
public final class WaterMask {
    private WaterMask() {
    }

    /** Water probability at picture pixel (x, y) of a {@code width x height} picture. */
    public static float at(float[] grid, int x, int y, int width, int height) {
        float gx = (x + 0.5f) * GRID_W / width - 0.5f, gy = (y + 0.5f) * GRID_H / height - 0.5f;
        int x0 = clamp((int) Math.floor(gx), GRID_W), y0 = clamp((int) Math.floor(gy), GRID_H);
        int x1 = clamp(x0 + 1, GRID_W), y1 = clamp(y0 + 1, GRID_H);
        float fx = Math.clamp(gx - x0, 0f, 1f), fy = Math.clamp(gy - y0, 0f, 1f);
        float top = grid[y0 * GRID_W + x0] * (1 - fx) + grid[y0 * GRID_W + x1] * fx;
        float bottom = grid[y1 * GRID_W + x0] * (1 - fx) + grid[y1 * GRID_W + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** Picture-sized mask, {@code true} = water, row-major. */
    public static boolean[] upsample(float[] grid, int width, int height, float threshold) {
        boolean[] mask = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) mask[y * width + x] = at(grid, x, y, width, height) >= threshold;
        }
        return mask;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
