package city.citywatch.analytics.detect;

import ai.djl.translate.Batchifier;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.ScaledPlane;

import java.util.List;

/**
 * Pre- and post-processing of one detector graph, in plain Java (DJL's ONNX Runtime engine has no NDArray math).
 * The graphs have a fixed batch of 1, so there is no batchifier: DJL then runs a batch one input at a time.
 */
public interface DetectionTranslator extends Translator<ImageRegion, Candidates> {
    /** Side of the square input of both staged graphs, in pixels. */
    int SIZE = 416;
    /**
     * Context attachment that carries the input's region to processOutput: DJL runs processInput and processOutput
     * of one input back to back on one context (no batchifier).
     */
    String REGION = "citywatch.region";

    @Override
    default Batchifier getBatchifier() {
        return null;
    }

    /** What the full-frame pass scales the frame to; the decoder may deliver that plane ready-made. */
    DetectorInputSize wholeFrameInput();

    /**
     * The network's CHW input for {@code region}: from the frame's decoder-scaled plane when the region is the whole
     * frame and the plane has the size this translator wants, else resampled from the full-resolution pixels.
     * The array is this thread's scratch buffer, valid until its next call.
     */
    float[] inputTensor(ImageRegion region);

    @Override
    default NDList processInput(TranslatorContext ctx, ImageRegion region) {
        ctx.setAttachment(REGION, region);
        return new NDList(ctx.getNDManager().create(inputTensor(region), new Shape(1, 3, SIZE, SIZE)));
    }

    /** The frame's decoder-scaled plane if {@code region} is the whole frame and the plane fits this translator. */
    default ScaledPlane usablePlane(ImageRegion region) {
        ScaledPlane plane = region.frame().detectorPlane();
        if (plane == null || !region.isWholeFrame()) return null;
        DetectorInputSize in = wholeFrameInput();
        int fw = region.frame().width(), fh = region.frame().height();
        return plane.width() == in.scaledWidth(fw, fh) && plane.height() == in.scaledHeight(fw, fh) ? plane : null;
    }

    /** The class's label; graphs may have more classes than the model's label list names. */
    static String label(List<String> labels, int classId) {
        return classId < labels.size() ? labels.get(classId) : "class" + classId;
    }
}
