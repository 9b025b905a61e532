package city.citywatch.analytics.detect;

import city.citywatch.core.video.ScaledPlane;
import city.citywatch.core.video.VideoFrame;

/**
 * Bilinear resampling of a frame region straight into a network's planar float input. Buffers are kept per thread
 * and reused: a frame is resampled several times (whole frame and focus tiles) on every camera's thread, and the
 * engine copies the input tensor when it is created, so nothing holds on to them.
 */
final class Resampler {
    /** Per-thread column lookup tables and input tensor, grown on demand. */
    private static final class Scratch {
        int[] x0 = new int[0], x1 = new int[0];
        float[] ax = new float[0];
        float[] input = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Resampler() {
    }

    /**
     * This thread's CHW float buffer of {@code 3 x width x height}, with whatever the previous call left in it: valid
     * until this thread's next call.
     */
    static float[] inputBuffer(int width, int height) {
        Scratch s = SCRATCH.get();
        int n = 3 * width * height;
        if (s.input.length != n) s.input = new float[n];
        return s.input;
    }

    /**
     * Resamples {@code region} to {@code outW x outH} and writes it into a CHW tensor of {@code dstW x dstH} at the
     * top-left, channel order and normalisation given by {@code order}, {@code mean}, {@code std}. Pixels of the
     * tensor outside {@code outW x outH} are left as they are (the caller pre-fills the letterbox padding).
     *
     * @param rgb true for RGB channel planes, false for BGR
     */
    static void intoChw(ImageRegion region, int outW, int outH, float[] dst, int dstW, int dstH, boolean rgb,
                        float[] mean, float[] std) {
        VideoFrame f = region.frame();
        byte[] src = f.bgr();
        int fw = f.width();
        int plane = dstW * dstH;
        double sx = (double) region.width() / outW, sy = (double) region.height() / outH;
        int maxX = region.x() + region.width() - 1, maxY = region.y() + region.height() - 1;
        Scratch s = SCRATCH.get();
        if (s.x0.length < outW) {
            s.x0 = new int[outW];
            s.x1 = new int[outW];
            s.ax = new float[outW];
        }
        int[] x0 = s.x0, x1 = s.x1;
        float[] ax = s.ax;
        for (int ox = 0; ox < outW; ox++) {
            double fx = region.x() + (ox + 0.5) * sx - 0.5;
            fx = Math.max(region.x(), Math.min(maxX, fx));
            x0[ox] = (int) fx;
            x1[ox] = Math.min(maxX, x0[ox] + 1);
            ax[ox] = (float) (fx - x0[ox]);
        }
        for (int oy = 0; oy < outH; oy++) {
            double fy = region.y() + (oy + 0.5) * sy - 0.5;
            fy = Math.max(region.y(), Math.min(maxY, fy));
            int y0 = (int) fy, y1 = Math.min(maxY, y0 + 1);
            float ay = (float) (fy - y0);
            int r0 = y0 * fw * 3, r1 = y1 * fw * 3;
            int rowOut = oy * dstW;
            for (int ox = 0; ox < outW; ox++) {
                int a = r0 + x0[ox] * 3, b = r0 + x1[ox] * 3, c = r1 + x0[ox] * 3, d = r1 + x1[ox] * 3;
                float wx = ax[ox];
                for (int ch = 0; ch < 3; ch++) {
                    float top = (src[a + ch] & 0xff) * (1 - wx) + (src[b + ch] & 0xff) * wx;
                    float bot = (src[c + ch] & 0xff) * (1 - wx) + (src[d + ch] & 0xff) * wx;
                    float v = top * (1 - ay) + bot * ay;
                    // ch is B,G,R in the frame; plane index is where that colour goes in the tensor
                    int p = rgb ? 2 - ch : ch;
                    dst[p * plane + rowOut + ox] = (v - mean[p]) / std[p];
                }
            }
        }
    }

    /**
     * Writes a plane that is already at the network's scale into a CHW tensor of {@code dstW x dstH} at the top-left:
     * only channel order and normalisation are left to do. Pixels outside the plane are left as they are.
     */
    static void fromPlane(ScaledPlane plane, float[] dst, int dstW, int dstH, boolean rgb, float[] mean, float[] std) {
        byte[] src = plane.bgr();
        int pw = Math.min(plane.width(), dstW), ph = Math.min(plane.height(), dstH);
        int tensorPlane = dstW * dstH;
        for (int ch = 0; ch < 3; ch++) {
            int p = rgb ? 2 - ch : ch;
            float m = mean[p], inv = 1f / std[p];
            int base = p * tensorPlane;
            for (int y = 0; y < ph; y++) {
                int in = y * plane.width() * 3 + ch, o = base + y * dstW;
                for (int x = 0; x < pw; x++, in += 3) dst[o + x] = ((src[in] & 0xff) - m) * inv;
            }
        }
    }
}
