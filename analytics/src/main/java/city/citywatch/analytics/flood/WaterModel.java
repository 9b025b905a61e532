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
 * water. Two passes (auto-context): the first classifies each cell from its own features, the second sees the same
 * features plus {@link WaterContext}, what the first pass believes around the cell, and gives the final probability.
 * Weights are produced by {@code ./citywatch train flood} outside the repository; the training writes a
 * {@code manifest.json} beside them in the format of the repository's model manifest (one entry per pass), and this
 * class loads each weight file only after {@link ModelFiles} has checked its sha256 against its entry. Thread-safe:
 * Tribuo models predict concurrently.
 */
public final class WaterModel {
    public static final String NAME = "flood-water-trees";
    /** Task of the final (second-pass) model; the manifest's other entry is the first pass. */
    public static final String TASK = "water-segmentation";
    public static final String FIRST_PASS_TASK = "water-segmentation-first-pass";
    public static final String WATER = "water";
    public static final String DRY = "dry";

    private final Model<Label> firstPass;
    private final Model<Label> model;
    private final ModelSpec spec;

    private WaterModel(Model<Label> firstPass, Model<Label> model, ModelSpec spec) {
        this.firstPass = firstPass;
        this.model = model;
        this.spec = spec;
    }

    /** The folder {@code ./citywatch train flood} writes to unless told otherwise. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "citywatch", "models", NAME);
    }

    /** Loads the model of {@code dir}/manifest.json after checking its weight file's sha256. */
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
        ModelSpec first = entry(manifest, manifestFile, FIRST_PASS_TASK);
        ModelSpec spec = entry(manifest, manifestFile, TASK);
        return new WaterModel(classifier(first, dir), classifier(spec, dir), spec);
    }

    private static ModelSpec entry(ModelManifest manifest, Path manifestFile, String task) {
        return manifest.models().stream().filter(m -> task.equals(m.task())).findFirst()
                .orElseThrow(() -> new ModelFileException(manifestFile + " names no model with task '" + task
                        + "' (a water model needs '" + FIRST_PASS_TASK + "' and '" + TASK + "'; retrain it with "
                        + "'./citywatch train flood')"));
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> classifier(ModelSpec spec, Path dir) {
        Path weights = ModelFiles.verifiedWeights(spec, dir);
        try {
            Model<?> m = Model.deserializeFromFile(weights);
            if (!m.validate(Label.class)) {
                throw new ModelFileException(weights + " is not a classification model (task '" + spec.task() + "')");
            }
            return (Model<Label>) m;
        } catch (IOException e) {
            throw new ModelFileException("cannot load water model " + weights + ": " + e.getMessage(), e);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Water probability of every grid cell, row-major {@code GRID_W x GRID_H}. */
    public float[] waterProbability(byte[] bgr, int width, int height) {
        return predict(WaterFeatures.compute(bgr, width, height));
    }

    /** Final water probability of every cell, from its {@link WaterFeatures} (both passes). */
    public float[] predict(float[][] features) {
        float[][] context = WaterContext.compute(firstPass(firstPass, features));
        List<Example<Label>> examples = new ArrayList<>(features.length);
        for (int c = 0; c < features.length; c++) examples.add(contextExample(features[c], context[c], new Label(DRY)));
        return waterScores(model.predict(examples));
    }

    /** Water probability of every cell by a first-pass classifier alone. */
    public static float[] firstPass(Model<Label> firstPass, float[][] features) {
        List<Example<Label>> examples = new ArrayList<>(features.length);
        for (float[] f : features) examples.add(example(f, new Label(DRY)));
        return waterScores(firstPass.predict(examples));
    }

    private static float[] waterScores(List<Prediction<Label>> predictions) {
        float[] p = new float[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            Label water = predictions.get(i).getOutputScores().get(WATER);
            p[i] = water == null ? 0f : (float) water.getScore();
        }
        return p;
    }

    /** One cell for the first pass; the label is ignored at prediction time. */
    public static ArrayExample<Label> example(float[] features, Label label) {
        double[] values = new double[features.length];
        for (int i = 0; i < values.length; i++) values[i] = features[i];
        return new ArrayExample<>(label, WaterFeatures.NAMES, values);
    }

    /** One cell for the second pass: its features followed by its {@link WaterContext}. */
    public static ArrayExample<Label> contextExample(float[] features, float[] context, Label label) {
        double[] values = new double[features.length + context.length];
        for (int i = 0; i < features.length; i++) values[i] = features[i];
        for (int i = 0; i < context.length; i++) values[features.length + i] = context[i];
        return new ArrayExample<>(label, CONTEXT_NAMES, values);
    }

    private static final String[] CONTEXT_NAMES = java.util.stream.Stream
            .concat(java.util.Arrays.stream(WaterFeatures.NAMES), java.util.Arrays.stream(WaterContext.NAMES))
            .toArray(String[]::new);
}
