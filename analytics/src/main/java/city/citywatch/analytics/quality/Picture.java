package city.citywatch.analytics.quality;

import city.citywatch.core.video.VideoFrame;

/**
 * A frame reduced to what the diagnosis measures: luma and chroma planes (BT.601, 0..255) of a copy scaled by area
 * averaging to a fixed width, so statistics cost the same for every camera and compression noise is averaged out.
 * The statistics are plain arithmetic on these planes.
 */
final class Picture {
    /** Tiles per row and column for the flat-area measure of a covered lens. */
    private static final int TILES = 8;
    /** Width of the edge map compared for scene changes: coarse, so that traffic and vibration matter little. */
    private static final int EDGE_WIDTH = 80;

    final int width;
    final int height;
    final float[] luma;
    final float[] cb;
    final float[] cr;

    private Picture(int width, int height, float[] luma, float[] cb, float[] cr) {
        this.width = width;
        this.height = height;
        this.luma = luma;
        this.cb = cb;
        this.cr = cr;
    }

    static Picture of(VideoFrame frame, int targetWidth) {
        int sw = frame.width(), sh = frame.height();
        int w = Math.min(targetWidth, sw);
        int h = Math.max(1, Math.round((float) sh * w / sw));
        float[] y = new float[w * h], cb = new float[w * h], cr = new float[w * h];
        byte[] bgr = frame.bgr();
        for (int ty = 0; ty < h; ty++) {
            int y0 = ty * sh / h, y1 = Math.max(y0 + 1, (ty + 1) * sh / h);
            for (int tx = 0; tx < w; tx++) {
                int x0 = tx * sw / w, x1 = Math.max(x0 + 1, (tx + 1) * sw / w);
                long sb = 0, sg = 0, sr = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int p = (yy * sw + x0) * 3;
                    for (int xx = x0; xx < x1; xx++, p += 3) {
                        sb += bgr[p] & 0xff;
                        sg += bgr[p + 1] & 0xff;
                        sr += bgr[p + 2] & 0xff;
                    }
                }
                float n = (float) ((y1 - y0) * (x1 - x0));
                float b = sb / n, g = sg / n, r = sr / n;
                int i = ty * w + tx;
                y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
                cb[i] = 128f - 0.168736f * r - 0.331264f * g + 0.5f * b;
                cr[i] = 128f + 0.5f * r - 0.418688f * g - 0.081312f * b;
            }
        }
        return new Picture(w, h, y, cb, cr);
    }

    double meanLuma() {
        return mean(luma);
    }

    double lumaStdDev() {
        return stdDev(luma);
    }

    double chromaStdDev() {
        return Math.max(stdDev(cb), stdDev(cr));
    }

    /** Distance of the mean chroma from neutral grey: how strongly one colour tints the whole picture. */
    double chromaOffset() {
        return Math.hypot(mean(cb) - 128, mean(cr) - 128);
    }

    /**
     * Share of tiles that are flat: little luma variation and little edge energy. A hand or tape over the lens gives
     * flat tiles everywhere; a real scene, even a dark one, keeps texture in most tiles. Variation is taken relative
     * to the tile's brightness ({@code std / (mean + 10)}), so a scene that is only darker is not flat.
     */
    double flatTileShare(double maxRelativeStdDev) {
        int flat = 0;
        for (int ty = 0; ty < TILES; ty++) {
            for (int tx = 0; tx < TILES; tx++) {
                int x0 = tx * width / TILES, x1 = (tx + 1) * width / TILES;
                int y0 = ty * height / TILES, y1 = (ty + 1) * height / TILES;
                double s = 0, s2 = 0;
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        float v = luma[y * width + x];
                        s += v;
                        s2 += v * v;
                        n++;
                    }
                }
                double m = s / n;
                if (Math.sqrt(Math.max(0, s2 / n - m * m)) / (m + 10) <= maxRelativeStdDev) flat++;
            }
        }
        return flat / (double) (TILES * TILES);
    }

    /**
     * Variance of the 4-neighbour Laplacian of luma (high-frequency energy) relative to the variance of luma (overall
     * contrast): falls sharply when the picture blurs, and does not move when the light changes (both scale with the
     * square of the exposure).
     */
    double sharpness() {
        double contrast = lumaStdDev();
        return laplacianVariance() / Math.max(1.0, contrast * contrast);
    }

    private double laplacianVariance() {
        double s = 0, s2 = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                double l = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
                s += l;
                s2 += l * l;
                n++;
            }
        }
        if (n == 0) return 0;
        double m = s / n;
        return s2 / n - m * m;
    }

    /** Share of pixels whose luma differs from the other picture's by more than 2 levels (same size assumed). */
    double changedShare(Picture other) {
        if (other.width != width || other.height != height) return 1;
        int changed = 0;
        for (int i = 0; i < luma.length; i++) {
            if (Math.abs(luma[i] - other.luma[i]) > 2f) changed++;
        }
        return changed / (double) luma.length;
    }

    /**
     * Gradient magnitude of luma on a coarse grid, zero mean and unit norm: the layout of edges (kerbs, lane marks,
     * buildings), which lighting changes little and moving the camera changes much.
     */
    EdgeMap edgeMap() {
        int w = Math.min(EDGE_WIDTH, width), h = Math.max(3, Math.round((float) height * w / width));
        float[] small = new float[w * h];
        for (int ty = 0; ty < h; ty++) {
            int y0 = ty * height / h, y1 = Math.max(y0 + 1, (ty + 1) * height / h);
            for (int tx = 0; tx < w; tx++) {
                int x0 = tx * width / w, x1 = Math.max(x0 + 1, (tx + 1) * width / w);
                float s = 0;
                for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s += luma[y * width + x];
                small[ty * w + tx] = s / ((y1 - y0) * (x1 - x0));
            }
        }
        float[] g = new float[w * h];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                float gx = small[i + 1] - small[i - 1], gy = small[i + w] - small[i - w];
                g[i] = (float) Math.sqrt(gx * gx + gy * gy);
            }
        }
        return EdgeMap.normalised(w, h, g);
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s / a.length;
    }

    private static double stdDev(float[] a) {
        double m = mean(a), s = 0;
        for (float v : a) s += (v - m) * (v - m);
        return Math.sqrt(s / a.length);
    }
}
