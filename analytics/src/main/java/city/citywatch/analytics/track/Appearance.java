package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;

/**
 * A small colour histogram of a box (8 bins per B, G, R channel, inner 80 % of the box so less road shows), enough
 * to tell a parked dark car from the white truck that hid it.
 */
public final class Appearance {
    private static final int BINS = 8;
    private final float[] hist;

    private Appearance(float[] hist) {
        this.hist = hist;
    }

    public static Appearance of(VideoFrame frame, BoundingBox box) {
        int w = frame.width(), h = frame.height();
        double mx = box.width() * 0.1, my = box.height() * 0.1;
        int x1 = clamp((int) Math.floor(box.x1() + mx), w), x2 = clamp((int) Math.ceil(box.x2() - mx), w);
        int y1 = clamp((int) Math.floor(box.y1() + my), h), y2 = clamp((int) Math.ceil(box.y2() - my), h);
        float[] hist = new float[3 * BINS];
        byte[] px = frame.bgr();
        int n = 0;
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) hist[c * BINS + ((px[i + c] & 0xff) * BINS >> 8)]++;
                n++;
            }
        }
        if (n == 0) return null;
        for (int i = 0; i < hist.length; i++) hist[i] /= n;
        return new Appearance(hist);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Mean Bhattacharyya coefficient over the three channels: 1 identical, 0 disjoint. */
    public double similarity(Appearance o) {
        double s = 0;
        for (int i = 0; i < hist.length; i++) s += Math.sqrt(hist[i] * o.hist[i]);
        return s / 3;
    }

    /** Moving average with a new observation, so slow light changes do not break re-association. */
    public Appearance blend(Appearance o, double weightOfNew) {
        float[] out = new float[hist.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) ((1 - weightOfNew) * hist[i] + weightOfNew * o.hist[i]);
        return new Appearance(out);
    }
}
