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
import java.util.Arrays;
import java.util.List;

/**
 * YOLOX-Nano 416 (models/yolox-nano-coco): BGR, raw 0-255, letterboxed at the top-left of a 416x416 canvas padded
 * with 114; one output [1, 3549, 85] of raw grid offsets, sigmoid objectness and class scores, strides 8/16/32.
 */
public final class YoloxTranslator implements DetectionTranslator {
    private static final float PAD = 114f;
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};
    private static final int[] STRIDES = {8, 16, 32};

    private final List<String> labels;
    private final double scoreThreshold;

    public YoloxTranslator(List<String> labels, double scoreThreshold) {
        this.labels = List.copyOf(labels);
        this.scoreThreshold = scoreThreshold;
    }

    private static final DetectorInputSize INPUT = new DetectorInputSize(SIZE, SIZE, true);

    @Override
    public DetectorInputSize wholeFrameInput() {
        return INPUT;
    }

    @Override
    public float[] inputTensor(ImageRegion region) {
        float[] chw = Resampler.inputBuffer(SIZE, SIZE);
        Arrays.fill(chw, PAD);
        ScaledPlane plane = usablePlane(region);
        if (plane != null) {
            Resampler.fromPlane(plane, chw, SIZE, SIZE, false, ZERO, ONE);
        } else {
            int w = INPUT.scaledWidth(region.width(), region.height()), h = INPUT.scaledHeight(region.width(), region.height());
            Resampler.intoChw(region, w, h, chw, SIZE, SIZE, false, ZERO, ONE);
        }
        return chw;
    }

    private static double scale(ImageRegion region) {
        return INPUT.fitScale(region.width(), region.height());
    }

    @Override
    public Candidates processOutput(TranslatorContext ctx, NDList list) {
        NDArray output = list.singletonOrThrow();
        Shape shape = output.getShape();
        if (shape.dimension() != 3 || shape.get(1) != 3549) {
            throw new IllegalStateException("YOLOX graph returned shape " + shape + "; expected [1, 3549, 85]");
        }
        int stride = (int) shape.get(2);
        int classes = stride - 5;
        float[] o = output.toFloatArray();
        ImageRegion region = (ImageRegion) ctx.getAttachment(REGION);
        double r = scale(region);
        List<Detection> out = new ArrayList<>();
        int row = 0;
        for (int s : STRIDES) {
            int g = SIZE / s;
            for (int i = 0; i < g * g; i++, row++) {
                int off = row * stride;
                float obj = o[off + 4];
                if (obj < scoreThreshold) continue;
                int best = 0;
                float bestCls = o[off + 5];
                for (int c = 1; c < classes; c++) {
                    if (o[off + 5 + c] > bestCls) {
                        bestCls = o[off + 5 + c];
                        best = c;
                    }
                }
                double score = obj * bestCls;
                if (score < scoreThreshold) continue;
                double cx = (o[off] + (i % g)) * s, cy = (o[off + 1] + (i / g)) * s;
                double bw = Math.exp(o[off + 2]) * s, bh = Math.exp(o[off + 3]) * s;
                double x1 = Math.max(0, (cx - bw / 2) / r), y1 = Math.max(0, (cy - bh / 2) / r);
                double x2 = Math.min(region.width(), (cx + bw / 2) / r), y2 = Math.min(region.height(), (cy + bh / 2) / r);
                if (x2 <= x1 || y2 <= y1) continue;
                out.add(new Detection(new BoundingBox(region.x() + x1, region.y() + y1, region.x() + x2, region.y() + y2),
                        best, DetectionTranslator.label(labels, best), score));
            }
        }
        return new Candidates(out);
    }
}
