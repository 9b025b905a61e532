package city.citywatch.analytics.flood;

import city.citywatch.analytics.detect.ModelFileException;
import city.citywatch.analytics.detect.ModelFiles;
import city.citywatch.analytics.detect.ModelManifest;
import city.citywatch.analytics.detect.ModelSpec;
import city.citywatch.core.json.Json;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained water classifier: for each cell of {@link WaterFeatures}' grid, the probability that it shows standing
 * water. Weights are produced by {@code ./citywatch train flood} outside the repository; the training writes a
 * {@code manifest.json} beside them in the format of the repository's model manifest, and this class loads the
 * weights only after {@link ModelFiles} has checked their sha256 against that entry. Thread-safe: Tribuo models
 * predict concurrently.
 */
public final class WaterModel {
    public static final String NAME = "flood-water-trees";
    public static final String TASK = "water-segmentation";
    public static final String WATER = "water";
    public static final String DRY = "dry";

    private final Model<Label> model;
    private final ModelSpec spec;

    private WaterModel(Model<Label> model, ModelSpec spec) {
        this.model = model;
        this.spec = spec;
    }

    /** The folder {@code ./citywatch train flood} writes to unless told otherwise. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "citywatch", "models", NAME);
    }

    /** Loads the model of {@code dir}/manifest.json after checking its weight file's sha256. */
    @SuppressWarnings("unchecked")
    public static WaterModel load(Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelFileException("water model not found: " + manifestFile + " is missing. Train it with "
                    + "'./citywatch train flood' (writes " + defaultDir() + ") or set flood.modelDir to its folder");
        }
        ModelManifest manifest;
        try {
            manifest = Json.mapper().readValue(manifestFile.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ModelFileException("cannot read water model manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        ModelSpec spec = manifest.models().stream().filter(m -> TASK.equals(m.task())).findFirst()
                .orElseThrow(() -> new ModelFileException(manifestFile + " names no model with task '" + TASK + "'"));
        Path weights = ModelFiles.verifiedWeights(spec, dir);
        try {
            Model<?> m = Model.deserializeFromFile(weights);
            if (!m.validate(Label.class)) {
                throw new ModelFileException(weights + " is not a classification model (task '" + TASK + "')");
            }
            return new WaterModel((Model<Label>) m, spec);
        } catch (IOException e) {
            throw new ModelFileException("cannot load water model " + weights + ": " + e.getMessage(), e);
        }
    }

    /** Wraps a model that was just trained (tests, benchmark) without a round trip through files. */
    public static WaterModel of(Model<Label> model, ModelSpec spec) {
        return new WaterModel(model, spec);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Water probability of every grid cell, row-major {@code GRID_W x GRID_H}. */
    public float[] waterProbability(byte[] bgr, int width, int height) {
        return predict(WaterFeatures.compute(bgr, width, height));
    }

    public float[] predict(float[][] features) {
        List<Example<Label>> examples = new ArrayList<>(features.length);
        for (float[] f : features) examples.add(example(f, new Label(DRY)));
        List<Prediction<Label>> predictions = model.predict(examples);
        float[] p = new float[features.length];
        for (int i = 0; i < p.length; i++) {
            Label water = predictions.get(i).getOutputScores().get(WATER);
            p[i] = water == null ? 0f : (float) water.getScore();
        }
        return p;
    }

    /** One cell as a Tribuo example; the label is ignored at prediction time. */
    public static ArrayExample<Label> example(float[] features, Label label) {
        double[] values = new double[features.length];
        for (int i = 0; i < values.length; i++) values[i] = features[i];
        return new ArrayExample<>(label, WaterFeatures.NAMES, values);
    }
}
