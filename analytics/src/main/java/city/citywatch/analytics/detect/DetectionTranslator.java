package city.citywatch.analytics.detect;

import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;

/**
 * Pre- and post-processing of one detector graph, in plain Java (DJL's ONNX Runtime engine has no NDArray math).
 * The graphs have a fixed batch of 1, so there is no batchifier: DJL then runs a batch one input at a time.
 */
public interface DetectionTranslator extends Translator<ImageRegion, Candidates> {
    @Override
    default Batchifier getBatchifier() {
        return null;
    }
}
