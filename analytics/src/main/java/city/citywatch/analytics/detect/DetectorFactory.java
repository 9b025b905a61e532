package city.citywatch.analytics.detect;

import ai.djl.MalformedModelException;
import ai.djl.onnxruntime.engine.OrtEngine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds a {@link Detector} from settings: manifest entry, sha256-checked weights, labels, the model's translator. */
public final class DetectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorFactory.class);

    private DetectorFactory() {
    }

    public static Detector create(DetectorSettings settings) {
        return create(settings, ModelManifest.load());
    }

    public static Detector create(DetectorSettings settings, ModelManifest manifest) {
        ModelSpec spec = manifest.require(settings.modelName());
        if (!spec.name().equals(DetectorSettings.PICODET) && !spec.name().equals(DetectorSettings.YOLOX)) {
            throw new ModelFileException("model '" + spec.name() + "' (" + spec.task()
                    + ") is not an object detector; use " + DetectorSettings.PICODET + " or " + DetectorSettings.YOLOX);
        }
        Path weights = ModelFiles.verifiedWeights(spec, settings.modelsDir());
        List<String> labels = ModelFiles.labels(spec, settings.modelsDir());
        DetectionTranslator translator = spec.name().equals(DetectorSettings.PICODET)
                ? new PicoDetTranslator(labels, settings.scoreThreshold())
                : new YoloxTranslator(labels, settings.scoreThreshold());
        Criteria<ImageRegion, Candidates> criteria = Criteria.builder()
                .setTypes(ImageRegion.class, Candidates.class)
                .optEngine(OrtEngine.ENGINE_NAME)
                .optModelPath(weights)
                .optTranslator(translator)
                // one single-threaded session per worker beats intra-op threads on small CPUs (STACK.md)
                .optOption("intraOpNumThreads", "1")
                .optOption("interOpNumThreads", "1")
                // The session log level (the old PicoDet export makes ORT warn about initializers in graph inputs)
                // cannot be set through DJL: it passes only string options, and its engine creates the ORT
                // environment itself at WARNING.
                .build();
        try {
            ZooModel<ImageRegion, Candidates> model = criteria.loadModel();
            LOG.info("detector {} loaded from {} (sha256 verified)", spec.name(), weights);
            return new OnnxDetector(spec.name(), model, settings.nmsIou(), translator.wholeFrameInput());
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelFileException("cannot load model '" + spec.name() + "' from " + weights + ": " + e.getMessage(), e);
        }
    }

}
