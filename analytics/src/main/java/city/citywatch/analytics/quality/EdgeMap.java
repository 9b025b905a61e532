package city.citywatch.analytics.quality;

/** A zero-mean, unit-norm edge map (see {@link Picture#edgeMap()}), compared by correlation. */
record EdgeMap(int width, int height, float[] values) {
    /** Largest shift (cells of the map, each side) tried when comparing: camera shake is not a moved camera. */
    private static final int MAX_SHIFT = 1;

    static EdgeMap normalised(int w, int h, float[] g) {
        double m = 0;
        for (float v : g) m += v;
        m /= g.length;
        double norm = 0;
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = (float) (g[i] - m);
            norm += out[i] * out[i];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) for (int i = 0; i < out.length; i++) out[i] /= (float) norm;
        return new EdgeMap(w, h, out);
    }

    /** Best normalised correlation with the other map over small shifts, in [-1, 1]; 0 when the sizes differ. */
    double correlation(EdgeMap other) {
        if (other.width != width || other.height != height) return 0;
        double best = -1;
        for (int dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
            for (int dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) {
                double s = 0;
                for (int y = Math.max(0, -dy); y < Math.min(height, height - dy); y++) {
                    int row = y * width, orow = (y + dy) * width;
                    for (int x = Math.max(0, -dx); x < Math.min(width, width - dx); x++) {
                        s += values[row + x] * other.values[orow + x + dx];
                    }
                }
                best = Math.max(best, s);
            }
        }
        return best;
    }

    /** Moves this map a little toward the other one (slow changes of the scene: seasons, parked vehicles). */
    EdgeMap blend(EdgeMap other, float weight) {
        if (other.width != width || other.height != height) return other;
        float[] g = new float[values.length];
        for (int i = 0; i < g.length; i++) g[i] = (1 - weight) * values[i] + weight * other.values[i];
        return normalised(width, height, g);
    }
}
