package city.citywatch.analytics.detect;

import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;

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

    /** The class's label; graphs may have more classes than the model's label list names. */
    static String label(List<String> labels, int classId) {
        return classId < labels.size() ? labels.get(classId) : "class" + classId;
    }
}
