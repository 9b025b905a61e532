package city.citywatch.analytics.quality;

import city.citywatch.core.video.VideoFrame;

import java.util.Random;

/** Real frames altered the way a camera fault alters them. */
public final class PictureFaults {
    private PictureFaults() {
    }

    private static VideoFrame with(VideoFrame f, byte[] bgr) {
        return new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), f.width(), f.height(), bgr);
    }

    /** A hand or tape over most of the lens: out of focus, dark, nearly uniform, the scene visible at one edge only. */
    public static VideoFrame covered(VideoFrame f, long seed) {
        Random noise = new Random(seed);
        byte[] out = f.bgr().clone();
        int w = f.width(), h = f.height(), visibleFrom = (int) (w * 0.9);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < visibleFrom; x++) {
                // skin-toned, darker toward the edge of the hand, sensor noise on top
                double shade = 0.75 + 0.25 * (double) x / visibleFrom;
                int p = (y * w + x) * 3;
                out[p] = clamp(28 * shade + noise.nextGaussian());
                out[p + 1] = clamp(38 * shade + noise.nextGaussian());
                out[p + 2] = clamp(55 * shade + noise.nextGaussian());
            }
        }
        return with(f, out);
    }

    /** Out of focus: separable Gaussian blur. */
    public static VideoFrame blurred(VideoFrame f, double sigma) {
        int w = f.width(), h = f.height(), r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        byte[] src = f.bgr();
        float[] tmp = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        int xx = Math.min(w - 1, Math.max(0, x + i));
                        s += k[i + r] * (src[(y * w + xx) * 3 + c] & 0xff);
                    }
                    tmp[(y * w + x) * 3 + c] = (float) s;
                }
            }
        }
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        int yy = Math.min(h - 1, Math.max(0, y + i));
                        s += k[i + r] * tmp[(yy * w + x) * 3 + c];
                    }
                    out[(y * w + x) * 3 + c] = clamp(s);
                }
            }
        }
        return with(f, out);
    }

    /** Exposure scaled and gamma applied per channel: {@code 255 * gain * (v/255)^gamma}, with per-channel gains. */
    public static VideoFrame exposure(VideoFrame f, double gamma, double gainB, double gainG, double gainR) {
        double[] gain = {gainB, gainG, gainR};
        byte[] src = f.bgr(), out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = clamp(255 * gain[i % 3] * Math.pow((src[i] & 0xff) / 255.0, gamma));
        }
        return with(f, out);
    }

    public static VideoFrame darkened(VideoFrame f) {
        return exposure(f, 1.6, 0.25, 0.25, 0.25);
    }

    public static VideoFrame overexposed(VideoFrame f) {
        return exposure(f, 0.35, 1.4, 1.4, 1.4);
    }

    /** A white-balance fault: blue-green tint. */
    public static VideoFrame colourCast(VideoFrame f) {
        return exposure(f, 1.0, 1.35, 1.1, 0.55);
    }

    /** Camera knocked: picture translated by the given share of its size (edges repeated) and rotated by degrees. */
    public static VideoFrame moved(VideoFrame f, double shiftX, double shiftY, double degrees) {
        int w = f.width(), h = f.height();
        double dx = shiftX * w, dy = shiftY * h, a = Math.toRadians(degrees), cos = Math.cos(a), sin = Math.sin(a);
        double cx = w / 2.0, cy = h / 2.0;
        byte[] src = f.bgr(), out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // inverse mapping: where in the old picture does this pixel come from
                double tx = x - dx - cx, ty = y - dy - cy;
                int sx = (int) Math.round(cos * tx + sin * ty + cx), sy = (int) Math.round(-sin * tx + cos * ty + cy);
                sx = Math.min(w - 1, Math.max(0, sx));
                sy = Math.min(h - 1, Math.max(0, sy));
                System.arraycopy(src, (sy * w + sx) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return with(f, out);
    }

    /** The encoder's "no video" screen: uniform colour, as BGR. */
    public static VideoFrame uniform(VideoFrame f, int b, int g, int r) {
        byte[] out = new byte[f.bgr().length];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (byte) b;
            out[i + 1] = (byte) g;
            out[i + 2] = (byte) r;
        }
        return with(f, out);
    }

    /** The same picture at a later time: what a frozen encoder sends. */
    public static VideoFrame repeatedAt(VideoFrame f, VideoFrame at) {
        return new VideoFrame(f.cameraId(), at.capturedAt(), at.ptsMicros(), f.width(), f.height(), f.bgr().clone());
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
