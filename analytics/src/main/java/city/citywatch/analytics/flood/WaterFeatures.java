package city.citywatch.analytics.flood;

/**
 * Describes a picture as a grid of cells, each with the cues that tell standing water from dry ground: colour (CIE
 * Lab), smoothness (water has little texture), specular highlights (reflections), position (water lies low in the
 * picture) and the same cues over wider neighbourhoods, because one cell of brown smooth surface is ambiguous while
 * a wide sheet of it is not. Training and runtime both call this class, so the water model always sees features
 * computed exactly as they were when it was trained.
 */
public final class WaterFeatures {
    /** Working picture size: every frame is area-averaged to this before features are computed. */
    public static final int WORK_W = 192;
    public static final int WORK_H = 144;
    /** Cell size in working pixels; the grid is {@link #GRID_W} x {@link #GRID_H} cells. */
    public static final int CELL = 4;
    public static final int GRID_W = WORK_W / CELL;
    public static final int GRID_H = WORK_H / CELL;

    public static final String[] NAMES = {
            "L", "a", "b", "sdL", "sda", "sdb", "grad", "sat", "spec", "y", "xc",
            "L5", "a5", "b5", "sdL5", "grad5", "L11", "a11", "b11", "grad11",
            "dL", "da", "db", "gL", "gsdL", "rowGrad", "dLlow", "dalow", "dblow", "sdL11",
            "hom5", "hom11", "varL5", "vara5", "varb5",
            "coh", "coh5", "lap", "hShare", "chroma", "hueCos", "hueSin", "varL11", "dLtop", "gradRel"};
    public static final int COUNT = NAMES.length;

    private WaterFeatures() {
    }

    /** Features of every cell, row-major, {@code GRID_W * GRID_H} rows of {@link #COUNT} values. */
    public static float[][] compute(byte[] bgr, int width, int height) {
        float[][] lab = labWorkImage(bgr, width, height);
        float[] l = lab[0], a = lab[1], b = lab[2], sat = lab[3];
        float[] grad = gradient(l);
        float[][] tensor = structureTensor(l);
        float[] lap = laplacian(l);

        int n = GRID_W * GRID_H;
        float[][] cell = new float[10][n]; // L a b sdL sda sdb grad sat spec(max L - mean L)
        float[][] tens = new float[4][n]; // gx² gy² gxgy laplacian energy
        for (int gy = 0; gy < GRID_H; gy++) {
            for (int gx = 0; gx < GRID_W; gx++) {
                double[] s = new double[3], s2 = new double[3];
                double g = 0, st = 0, maxL = 0;
                for (int y = gy * CELL; y < gy * CELL + CELL; y++) {
                    for (int x = gx * CELL; x < gx * CELL + CELL; x++) {
                        int i = y * WORK_W + x;
                        s[0] += l[i]; s2[0] += l[i] * l[i];
                        s[1] += a[i]; s2[1] += a[i] * a[i];
                        s[2] += b[i]; s2[2] += b[i] * b[i];
                        g += grad[i];
                        st += sat[i];
                        maxL = Math.max(maxL, l[i]);
                        int c = gy * GRID_W + gx;
                        tens[0][c] += tensor[0][i]; tens[1][c] += tensor[1][i]; tens[2][c] += tensor[2][i];
                        tens[3][c] += lap[i];
                    }
                }
                int c = gy * GRID_W + gx;
                double k = CELL * CELL;
                for (int ch = 0; ch < 3; ch++) {
                    double m = s[ch] / k;
                    cell[ch][c] = (float) m;
                    cell[3 + ch][c] = (float) Math.sqrt(Math.max(0, s2[ch] / k - m * m));
                }
                cell[6][c] = (float) (g / k);
                cell[7][c] = (float) (st / k);
                cell[8][c] = (float) (maxL - s[0] / k);
            }
        }
        float[] l5 = boxMean(cell[0], 2), a5 = boxMean(cell[1], 2), b5 = boxMean(cell[2], 2);
        float[] sdl5 = boxMean(cell[3], 2), g5 = boxMean(cell[6], 2);
        float[] l11 = boxMean(cell[0], 5), a11 = boxMean(cell[1], 5), b11 = boxMean(cell[2], 5), g11 = boxMean(cell[6], 5);
        float medL = median(cell[0]), medA = median(cell[1]), medB = median(cell[2]);
        float gSdL = median(cell[3]);
        // Where water lies, it usually fills the lower part of the picture: colour relative to the lower third's
        // median tells "like the ground in front of the camera" from "like the buildings and sky above it".
        int lowStart = GRID_H * 2 / 3 * GRID_W;
        float lowL = median(java.util.Arrays.copyOfRange(cell[0], lowStart, n));
        float lowA = median(java.util.Arrays.copyOfRange(cell[1], lowStart, n));
        float lowB = median(java.util.Arrays.copyOfRange(cell[2], lowStart, n));
        float[] sdl11 = boxMean(cell[3], 5);
        // Homogeneity of the surroundings: a flooded street is one wide sheet of similar cells.
        float[][] sq = new float[3][n];
        for (int ch = 0; ch < 3; ch++) for (int c = 0; c < n; c++) sq[ch][c] = cell[ch][c] * cell[ch][c];
        float[] varL5 = spread(boxMean(sq[0], 2), l5), vara5 = spread(boxMean(sq[1], 2), a5), varb5 = spread(boxMean(sq[2], 2), b5);
        float[] varL11 = spread(boxMean(sq[0], 5), l11);
        float[] sxx5 = boxMean(tens[0], 2), syy5 = boxMean(tens[1], 2), sxy5 = boxMean(tens[2], 2);
        // Sky and buildings fill the top of most street pictures: water mirrors them, dry tarmac does not.
        float topL = median(java.util.Arrays.copyOfRange(cell[0], 0, GRID_H / 3 * GRID_W));
        float medGrad = Math.max(1e-3f, median(cell[6]));
        float[] rowGrad = new float[GRID_H];
        for (int gy = 0; gy < GRID_H; gy++) {
            double sum = 0;
            for (int gx = 0; gx < GRID_W; gx++) sum += cell[6][gy * GRID_W + gx];
            rowGrad[gy] = (float) (sum / GRID_W);
        }

        float[][] out = new float[n][COUNT];
        for (int gy = 0; gy < GRID_H; gy++) {
            for (int gx = 0; gx < GRID_W; gx++) {
                int c = gy * GRID_W + gx;
                float[] f = out[c];
                int j = 0;
                for (int k = 0; k < 9; k++) f[j++] = cell[k][c];
                f[j++] = (gy + 0.5f) / GRID_H;
                f[j++] = Math.abs((gx + 0.5f) / GRID_W - 0.5f);
                f[j++] = l5[c]; f[j++] = a5[c]; f[j++] = b5[c]; f[j++] = sdl5[c]; f[j++] = g5[c];
                f[j++] = l11[c]; f[j++] = a11[c]; f[j++] = b11[c]; f[j++] = g11[c];
                f[j++] = cell[0][c] - medL; f[j++] = cell[1][c] - medA; f[j++] = cell[2][c] - medB;
                f[j++] = medL; f[j++] = gSdL; f[j++] = rowGrad[gy];
                f[j++] = cell[0][c] - lowL; f[j++] = cell[1][c] - lowA; f[j++] = cell[2][c] - lowB;
                f[j++] = sdl11[c];
                f[j++] = Math.abs(cell[0][c] - l5[c]) + Math.abs(cell[1][c] - a5[c]) + Math.abs(cell[2][c] - b5[c]);
                f[j++] = Math.abs(cell[0][c] - l11[c]) + Math.abs(cell[1][c] - a11[c]) + Math.abs(cell[2][c] - b11[c]);
                f[j++] = varL5[c]; f[j++] = vara5[c]; f[j++] = varb5[c];
                f[j++] = coherence(tens[0][c], tens[1][c], tens[2][c]);
                f[j++] = coherence(sxx5[c], syy5[c], sxy5[c]);
                f[j++] = tens[3][c] / (CELL * CELL);
                f[j++] = tens[0][c] / (tens[0][c] + tens[1][c] + 1e-3f);
                float chroma = (float) Math.hypot(cell[1][c], cell[2][c]);
                f[j++] = chroma;
                f[j++] = chroma < 1e-3f ? 0 : cell[1][c] / chroma;
                f[j++] = chroma < 1e-3f ? 0 : cell[2][c] / chroma;
                f[j++] = varL11[c];
                f[j++] = cell[0][c] - topL;
                f[j] = cell[6][c] / medGrad;
            }
        }
        return out;
    }

    /** Area-averaged working picture as L, a, b (CIE Lab, D65) and HSV saturation planes. */
    static float[][] labWorkImage(byte[] bgr, int width, int height) {
        float[] l = new float[WORK_W * WORK_H], a = new float[l.length], b = new float[l.length], sat = new float[l.length];
        for (int y = 0; y < WORK_H; y++) {
            int y0 = y * height / WORK_H, y1 = Math.max(y0 + 1, (y + 1) * height / WORK_H);
            for (int x = 0; x < WORK_W; x++) {
                int x0 = x * width / WORK_W, x1 = Math.max(x0 + 1, (x + 1) * width / WORK_W);
                // Large frames: sample a sparse lattice of the source block; the mean is what matters here.
                int step = Math.max(1, Math.min(x1 - x0, y1 - y0) / 3);
                double sb = 0, sg = 0, sr = 0;
                int cnt = 0;
                for (int yy = y0; yy < y1; yy += step) {
                    int row = yy * width * 3;
                    for (int xx = x0; xx < x1; xx += step) {
                        int p = row + xx * 3;
                        sb += bgr[p] & 0xff; sg += bgr[p + 1] & 0xff; sr += bgr[p + 2] & 0xff;
                        cnt++;
                    }
                }
                int i = y * WORK_W + x;
                float[] v = lab(sr / cnt, sg / cnt, sb / cnt);
                l[i] = v[0]; a[i] = v[1]; b[i] = v[2];
                double mx = Math.max(sr, Math.max(sg, sb)), mn = Math.min(sr, Math.min(sg, sb));
                sat[i] = mx <= 0 ? 0 : (float) ((mx - mn) / mx);
            }
        }
        return new float[][]{l, a, b, sat};
    }

    /** CIE Lab (D65) of an sRGB colour. */
    public static float[] lab(double r, double g, double b) {
        double rl = lin(r / 255), gl = lin(g / 255), bl = lin(b / 255);
        double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
        double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
        double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new float[]{(float) (116 * fy - 16), (float) (500 * (fx - fy)), (float) (200 * (fy - fz))};
    }

    private static double lin(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static float[] gradient(float[] l) {
        float[] g = new float[l.length];
        for (int y = 1; y < WORK_H - 1; y++) {
            for (int x = 1; x < WORK_W - 1; x++) {
                int i = y * WORK_W + x;
                float gx = l[i + 1] - l[i - 1], gy = l[i + WORK_W] - l[i - WORK_W];
                g[i] = (float) Math.sqrt(gx * gx + gy * gy);
            }
        }
        return g;
    }

    /**
     * Per-pixel terms of the structure tensor (gx², gy², gx·gy): their sums over a region tell oriented structure
     * (lane markings, kerbs, reflections of poles) from the isotropic grain of tarmac or the ripples of water.
     */
    private static float[][] structureTensor(float[] l) {
        float[][] t = new float[3][l.length];
        for (int y = 1; y < WORK_H - 1; y++) {
            for (int x = 1; x < WORK_W - 1; x++) {
                int i = y * WORK_W + x;
                float gx = l[i + 1] - l[i - 1], gy = l[i + WORK_W] - l[i - WORK_W];
                t[0][i] = gx * gx; t[1][i] = gy * gy; t[2][i] = gx * gy;
            }
        }
        return t;
    }

    /** Absolute Laplacian: the finest texture, which a film of water smooths first. */
    private static float[] laplacian(float[] l) {
        float[] out = new float[l.length];
        for (int y = 1; y < WORK_H - 1; y++) {
            for (int x = 1; x < WORK_W - 1; x++) {
                int i = y * WORK_W + x;
                out[i] = Math.abs(4 * l[i] - l[i - 1] - l[i + 1] - l[i - WORK_W] - l[i + WORK_W]);
            }
        }
        return out;
    }

    /** 0 = no dominant orientation, 1 = all gradients along one direction. */
    private static float coherence(float sxx, float syy, float sxy) {
        double tr = sxx + syy;
        if (tr < 1e-3) return 0;
        return (float) (Math.sqrt((sxx - syy) * (sxx - syy) + 4 * sxy * sxy) / tr);
    }

    /** Mean over the (2r+1)² cells around each cell, clipped at the grid's edge. */
    private static float[] boxMean(float[] v, int r) {
        double[] integral = new double[(GRID_W + 1) * (GRID_H + 1)];
        for (int y = 0; y < GRID_H; y++) {
            double row = 0;
            for (int x = 0; x < GRID_W; x++) {
                row += v[y * GRID_W + x];
                integral[(y + 1) * (GRID_W + 1) + x + 1] = integral[y * (GRID_W + 1) + x + 1] + row;
            }
        }
        float[] out = new float[v.length];
        for (int y = 0; y < GRID_H; y++) {
            int y0 = Math.max(0, y - r), y1 = Math.min(GRID_H, y + r + 1);
            for (int x = 0; x < GRID_W; x++) {
                int x0 = Math.max(0, x - r), x1 = Math.min(GRID_W, x + r + 1);
                double s = integral[y1 * (GRID_W + 1) + x1] - integral[y0 * (GRID_W + 1) + x1]
                        - integral[y1 * (GRID_W + 1) + x0] + integral[y0 * (GRID_W + 1) + x0];
                out[y * GRID_W + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    /** Standard deviation from the mean of squares and the mean. */
    private static float[] spread(float[] meanOfSquares, float[] mean) {
        float[] out = new float[mean.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.sqrt(Math.max(0, meanOfSquares[i] - mean[i] * mean[i]));
        return out;
    }

    private static float median(float[] v) {
        float[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
