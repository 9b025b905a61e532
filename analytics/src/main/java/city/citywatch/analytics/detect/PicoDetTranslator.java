package city.citywatch.analytics.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslatorContext;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.ScaledPlane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PP-PicoDet-S 416 (models/picodet-s-416-coco): RGB, stretched to 416x416, mean/std normalised; four GFL levels
 * (strides 8, 16, 32, 64) of sigmoid class scores and DFL box distributions (4 sides x 8 bins).
 */
public final class PicoDetTranslator implements DetectionTranslator {
    private static final int BINS = 8;
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private final List<String> labels;
    private final double scoreThreshold;

    public PicoDetTranslator(List<String> labels, double scoreThreshold) {
        this.labels = List.copyOf(labels);
        this.scoreThreshold = scoreThreshold;
    }

    private static final DetectorInputSize INPUT = new DetectorInputSize(SIZE, SIZE, false);

    @Override
    public DetectorInputSize wholeFrameInput() {
        return INPUT;
    }

    @Override
    public float[] inputTensor(ImageRegion region) {
        float[] chw = Resampler.inputBuffer(SIZE, SIZE); // every element is written: no clearing needed
        ScaledPlane plane = usablePlane(region);
        if (plane != null) Resampler.fromPlane(plane, chw, SIZE, SIZE, true, MEAN, STD);
        else Resampler.intoChw(region, SIZE, SIZE, chw, SIZE, SIZE, true, MEAN, STD);
        return chw;
    }

    @Override
    public Candidates processOutput(TranslatorContext ctx, NDList list) {
        // Map outputs by shape, not by position or name: exporters and runtimes disagree on both.
        List<NDArray> scores = new ArrayList<>(), boxes = new ArrayList<>();
        for (NDArray a : list) {
            long last = a.getShape().get(a.getShape().dimension() - 1);
            if (last == 4L * BINS) boxes.add(a);
            else scores.add(a);
        }
        if (scores.size() != 4 || boxes.size() != 4) {
            throw new IllegalStateException("PicoDet graph returned " + list.size() + " outputs with shapes "
                    + list.getShapes() + "; expected 4 score tensors [1,N,80] and 4 box tensors [1,N,32]");
        }
        Comparator<NDArray> bySizeDesc = Comparator.comparingLong((NDArray a) -> a.getShape().get(1)).reversed();
        scores.sort(bySizeDesc);
        boxes.sort(bySizeDesc);
        ImageRegion region = (ImageRegion) ctx.getAttachment(REGION);
        List<Detection> out = new ArrayList<>();
        int[] strides = {8, 16, 32, 64};
        for (int level = 0; level < 4; level++) {
            decodeLevel(strides[level], scores.get(level).toFloatArray(), boxes.get(level).toFloatArray(),
                    (int) scores.get(level).getShape().get(2), region, out);
        }
        return new Candidates(out);
    }

    private void decodeLevel(int stride, float[] sc, float[] bx, int classes, ImageRegion region, List<Detection> out) {
        int g = (SIZE + stride - 1) / stride;
        int cells = sc.length / classes;
        double kx = (double) region.width() / SIZE, ky = (double) region.height() / SIZE;
        float[] d = new float[4];
        for (int i = 0; i < cells; i++) {
            int best = 0;
            float bestScore = sc[i * classes];
            for (int c = 1; c < classes; c++) {
                float s = sc[i * classes + c];
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (bestScore < scoreThreshold) continue;
            for (int side = 0; side < 4; side++) d[side] = stride * dflExpectation(bx, i * 4 * BINS + side * BINS);
            double cx = (i % g) * stride + 0.5 * (stride - 1), cy = (i / g) * stride + 0.5 * (stride - 1);
            double x1 = clamp(cx - d[0], SIZE), y1 = clamp(cy - d[1], SIZE);
            double x2 = clamp(cx + d[2], SIZE), y2 = clamp(cy + d[3], SIZE);
            if (x2 <= x1 || y2 <= y1) continue;
            BoundingBox box = new BoundingBox(region.x() + x1 * kx, region.y() + y1 * ky,
                    region.x() + x2 * kx, region.y() + y2 * ky);
            out.add(new Detection(box, best, DetectionTranslator.label(labels, best), bestScore));
        }
    }

    /** Expected bin index under the softmax of one side's distribution. */
    private static float dflExpectation(float[] bx, int off) {
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < BINS; r++) max = Math.max(max, bx[off + r]);
        float sum = 0, acc = 0;
        for (int r = 0; r < BINS; r++) {
            float e = (float) Math.exp(bx[off + r] - max);
            sum += e;
            acc += e * r;
        }
        return acc / sum;
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
