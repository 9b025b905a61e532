package city.citywatch.analytics.background;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Dual-rate background model of one camera, on a grid of cells (the frame averaged down, BGR). A <em>fast</em> model
 * absorbs whatever stops within seconds; a <em>slow</em> one learns only where it sees background. A cell that the
 * slow model calls foreground while the fast one has absorbed it holds something that arrived and stays still:
 * <em>static foreground</em>, the raw material of left-object and debris detection.
 * <p>
 * Robustness: every frame is first divided by its global gain against the slow model (median brightness ratio), so
 * a cloud or the camera's iris moving the whole picture changes nothing; a change too sudden and wide for that (lights
 * switched) makes both models re-learn for {@link BackgroundSettings#learnTime()}; a cell darker than the background
 * by a shadow's ratio with the same chromaticity is background (a shadow, not an object).
 * <p>
 * Not thread-safe: one model per camera, fed by its analysis thread.
 */
public final class DualBackground {
    /** A cell this much darker than the background (brightness ratio) with its colour kept may be a shadow. */
    private static final double SHADOW_MIN = 0.5, SHADOW_MAX = 0.95;
    /** Largest chromaticity difference (normalised rgb, summed) for a darker cell to count as shadow. */
    private static final double SHADOW_CHROMA = 0.05;
    /** Frames kept for the median that ends a learning phase (the latest ones). */
    private static final int LEARN_FRAMES = 31;
    /** Cells darker than this in the background say nothing reliable about the global gain. */
    private static final double GAIN_MIN_LUMA = 16;

    private final BackgroundSettings settings;
    private final int width, height, step, gw, gh;
    private final float[] frameCells, slow, fast;
    private final boolean[] slowFg, fastFg;
    private final long[] staticSince;
    private final int[] pinned;
    private final float[] ratios;
    /** frames (cells) seen while learning; their per-cell median becomes the background when learning ends */
    private final ArrayDeque<float[]> learnFrames = new ArrayDeque<>();
    private Instant last;
    private Instant learnUntil;
    private double gain = 1;
    private double foregroundShare;

    public DualBackground(int width, int height, BackgroundSettings settings) {
        if (width < 16 || height < 16) throw new IllegalArgumentException("frame too small: " + width + "x" + height);
        this.settings = settings;
        this.width = width;
        this.height = height;
        this.step = Math.max(1, (int) Math.round((double) width / settings.cellsAcross()));
        this.gw = width / step;
        this.gh = height / step;
        int n = gw * gh;
        frameCells = new float[n * 3];
        slow = new float[n * 3];
        fast = new float[n * 3];
        slowFg = new boolean[n];
        fastFg = new boolean[n];
        staticSince = new long[n];
        pinned = new int[n];
        ratios = new float[n];
        Arrays.fill(staticSince, -1);
    }

    public boolean fits(VideoFrame frame) {
        return frame.width() == width && frame.height() == height;
    }

    /** Folds one frame into both models; frames must come in time order. */
    public void update(VideoFrame frame, Instant at) {
        if (!fits(frame)) throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height()
                + ", model is " + width + "x" + height);
        cells(frame.bgr());
        int n = gw * gh;
        if (last == null) {
            System.arraycopy(frameCells, 0, slow, 0, slow.length);
            System.arraycopy(frameCells, 0, fast, 0, fast.length);
            last = at;
            learnUntil = at.plus(settings.learnTime());
            learnFrames.add(frameCells.clone());
            return;
        }
        double dt = Math.max(0, Duration.between(last, at).toMillis() / 1000.0);
        last = at;
        gain = globalGain();
        float inv = (float) (1 / gain);
        for (int i = 0; i < frameCells.length; i++) frameCells[i] *= inv;
        double aFast = 1 - Math.exp(-dt / seconds(settings.fastTime()));
        double aSlow = 1 - Math.exp(-dt / seconds(settings.slowTime()));
        int fg = 0;
        for (int c = 0; c < n; c++) {
            slowFg[c] = differs(c, slow);
            fastFg[c] = differs(c, fast);
            if (slowFg[c]) fg++;
        }
        foregroundShare = (double) fg / n;
        boolean learning = at.isBefore(learnUntil);
        if (!learning && foregroundShare > settings.suddenChange()) {
            learnUntil = at.plus(settings.learnTime());
            learning = true;
        }
        if (learning) {
            if (learnFrames.size() == LEARN_FRAMES) learnFrames.removeFirst();
            learnFrames.add(frameCells.clone());
        } else if (!learnFrames.isEmpty()) {
            learnFrames.add(frameCells.clone());
            medianIntoModels();
            learnFrames.clear();
        }
        long now = at.toEpochMilli(), absorbMs = settings.absorbAfter().toMillis();
        for (int c = 0; c < n; c++) {
            boolean stat = !learning && slowFg[c] && !fastFg[c];
            if (!stat) staticSince[c] = -1;
            else if (staticSince[c] < 0) staticSince[c] = now;
            double a;
            if (pinned[c] > 0) a = slowFg[c] ? 0 : aSlow;
            else if (learning) a = aFast;
            else if (!slowFg[c]) a = aSlow;
            else a = stat && now - staticSince[c] >= absorbMs ? 1 : 0;
            blend(c, slow, a);
            blend(c, fast, aFast);
            if (a == 1) staticSince[c] = -1;
        }
    }

    /**
     * Ends a learning phase: each cell's background is its median over the frames seen while learning (by brightness,
     * the colour of that frame kept), so persons and vehicles that passed during it leave no ghost behind; a running
     * average would keep a trace of each that the slow model then calls foreground for minutes.
     */
    private void medianIntoModels() {
        int m = learnFrames.size();
        float[][] fr = learnFrames.toArray(new float[0][]);
        float[] lum = new float[m];
        int[] idx = new int[m];
        for (int c = 0, n = gw * gh; c < n; c++) {
            if (pinned[c] > 0) continue;
            int k = 3 * c;
            for (int i = 0; i < m; i++) {
                lum[i] = fr[i][k] + fr[i][k + 1] + fr[i][k + 2];
                idx[i] = i;
            }
            // insertion sort of m (<= 32) indices by brightness
            for (int i = 1; i < m; i++) {
                int v = idx[i], j = i - 1;
                while (j >= 0 && lum[idx[j]] > lum[v]) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            float[] med = fr[idx[m / 2]];
            System.arraycopy(med, k, slow, k, 3);
            System.arraycopy(med, k, fast, k, 3);
            slowFg[c] = false;
            fastFg[c] = false;
            staticSince[c] = -1;
        }
    }

    private void blend(int c, float[] model, double a) {
        if (a == 0) return;
        for (int k = 3 * c; k < 3 * c + 3; k++) model[k] += (float) (a * (frameCells[k] - model[k]));
    }

    private boolean differs(int c, float[] model) {
        int k = 3 * c;
        float b = frameCells[k], g = frameCells[k + 1], r = frameCells[k + 2];
        float mb = model[k], mg = model[k + 1], mr = model[k + 2];
        double d = (Math.abs(b - mb) + Math.abs(g - mg) + Math.abs(r - mr)) / 3;
        if (d <= settings.threshold()) return false;
        double sum = b + g + r, msum = mb + mg + mr;
        if (msum < 30) return true;
        double ratio = sum / msum;
        if (ratio >= SHADOW_MIN && ratio <= SHADOW_MAX && sum > 0) {
            double chroma = Math.abs(b / sum - mb / msum) + Math.abs(g / sum - mg / msum) + Math.abs(r / sum - mr / msum);
            return chroma > SHADOW_CHROMA;
        }
        return true;
    }

    /** Median brightness ratio of frame to slow model: robust to the objects that differ. */
    private double globalGain() {
        int m = 0;
        for (int c = 0, n = gw * gh; c < n; c++) {
            int k = 3 * c;
            double bg = slow[k] + slow[k + 1] + slow[k + 2];
            if (bg < 3 * GAIN_MIN_LUMA) continue;
            ratios[m++] = (float) ((frameCells[k] + frameCells[k + 1] + frameCells[k + 2]) / bg);
        }
        if (m < gw * gh / 10) return 1;
        Arrays.sort(ratios, 0, m);
        return Math.max(0.05, ratios[m / 2]);
    }

    private void cells(byte[] bgr) {
        Arrays.fill(frameCells, 0);
        float norm = 1f / (step * step);
        for (int gy = 0; gy < gh; gy++) {
            for (int y = gy * step, ye = y + step; y < ye; y++) {
                int row = y * width * 3;
                for (int gx = 0; gx < gw; gx++) {
                    int k = 3 * (gy * gw + gx);
                    int p = row + gx * step * 3;
                    float b = 0, g = 0, r = 0;
                    for (int x = 0; x < step; x++, p += 3) {
                        b += bgr[p] & 0xff;
                        g += bgr[p + 1] & 0xff;
                        r += bgr[p + 2] & 0xff;
                    }
                    frameCells[k] += b * norm;
                    frameCells[k + 1] += g * norm;
                    frameCells[k + 2] += r * norm;
                }
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Cell edge in frame pixels. */
    public int step() {
        return step;
    }

    public int gridWidth() {
        return gw;
    }

    public int gridHeight() {
        return gh;
    }

    /** While (re)learning nothing is static: the models do not know the scene yet. */
    public boolean learning() {
        return last == null || last.isBefore(learnUntil);
    }

    /** When cell {@code c} became static foreground (epoch millis), or -1 if it is not. */
    public long staticSince(int c) {
        return staticSince[c];
    }

    /** Whether the slow model (the scene as it was) calls cell {@code c} foreground in the latest frame. */
    public boolean foreground(int c) {
        return slowFg[c];
    }

    /** The latest frame's gain against the background (1 = as bright as it was). */
    public double gain() {
        return gain;
    }

    /** Share of the cells the slow model calls foreground in the latest frame. */
    public double foregroundShare() {
        return foregroundShare;
    }

    /**
     * Keeps the slow model from absorbing the cells under {@code box} while they are foreground (an open debris event
     * is judged against the background it covers). Calls nest: {@link #unpin} each.
     */
    public void pin(BoundingBox box) {
        forCells(box, c -> pinned[c]++);
    }

    public void unpin(BoundingBox box) {
        forCells(box, c -> pinned[c] = Math.max(0, pinned[c] - 1));
    }

    /** The picture under {@code box} is background now (an object was removed): both models take it as it is. */
    public void relearn(BoundingBox box) {
        forCells(box, c -> {
            System.arraycopy(frameCells, 3 * c, slow, 3 * c, 3);
            System.arraycopy(frameCells, 3 * c, fast, 3 * c, 3);
            staticSince[c] = -1;
            slowFg[c] = false;
        });
    }

    /** Box in frame pixels of the cells from (x1,y1) to (x2,y2) inclusive. */
    public BoundingBox cellBox(int x1, int y1, int x2, int y2) {
        return new BoundingBox(x1 * step, y1 * step, Math.min(width, (x2 + 1) * step), Math.min(height, (y2 + 1) * step));
    }

    private void forCells(BoundingBox box, IntConsumer action) {
        int x1 = Math.max(0, (int) Math.floor(box.x1() / step)), y1 = Math.max(0, (int) Math.floor(box.y1() / step));
        int x2 = Math.min(gw - 1, (int) Math.ceil(box.x2() / step) - 1), y2 = Math.min(gh - 1, (int) Math.ceil(box.y2() / step) - 1);
        for (int y = y1; y <= y2; y++) for (int x = x1; x <= x2; x++) action.accept(y * gw + x);
    }
}
