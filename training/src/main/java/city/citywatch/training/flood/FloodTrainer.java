package city.citywatch.training.flood;

import city.citywatch.analytics.detect.ModelFiles;
import city.citywatch.analytics.detect.ModelSpec;
import city.citywatch.analytics.flood.WaterContext;
import city.citywatch.analytics.flood.WaterFeatures;
import city.citywatch.analytics.flood.WaterModel;
import city.citywatch.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static city.citywatch.analytics.flood.WaterFeatures.GRID_H;
import static city.citywatch.analytics.flood.WaterFeatures.GRID_W;

/**
 * {@code ./citywatch train flood}: trains the water classifier on {@code flood-area-segmentation/train/} only and
 * writes the weights plus a manifest entry (sha256, size, settings) to a folder outside the repository.
 *
 * <p>Usage: {@code FloodTrainer <shared-dir> [output-dir]}; output defaults to {@link WaterModel#defaultDir()}.
 */
public final class FloodTrainer {
    private static final Logger log = LoggerFactory.getLogger(FloodTrainer.class);
    /** Weights of the final (second, auto-context) pass. */
    public static final String WEIGHTS = WaterModel.NAME + ".tribuo";
    public static final String FIRST_PASS_WEIGHTS = WaterModel.NAME + ".first-pass.tribuo";
    /**
     * The second pass learns from first-pass probabilities of photos that first pass never saw (out of fold): on its
     * own training photos a forest is far more confident than on new pictures, and the second pass would learn to
     * trust it too much.
     */
    private static final int FOLDS = 2;

    /**
     * @param trees          forest size of each pass (extremely randomised trees: random split points train about ten
     *                       times faster than exhaustive CART here; alone they score about 0.02 IoU below a CART
     *                       forest, which the second pass more than makes up within the same training time)
     * @param maxDepth       depth of each tree
     * @param cellsPerImage  grid cells sampled from each training photo (all cells would mostly repeat neighbours)
     * @param seed           sampling and forest seed: the same data and settings give the same model
     */
    public record Settings(int trees, int maxDepth, int cellsPerImage, long seed) {
        public static final Settings FULL = new Settings(12, 14, 200, 20_261_121L);
        /** Small enough for a unit test on two shared cores, still well above the test floor. */
        public static final Settings REDUCED = new Settings(6, 10, 80, 20_261_121L);
    }

    /** Both passes of a trained water model. */
    public record Trained(Model<Label> firstPass, Model<Label> model) {
    }

    /** One training photo as the classifier sees it: cell features and the share of water in each cell. */
    private record Cells(float[][] features, float[] fraction) {
    }

    private FloodTrainer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FloodTrainer <shared-dir> [output-dir (default " + WaterModel.defaultDir() + ")]");
            System.exit(2);
        }
        Path shared = Path.of(args[0]);
        Path out = args.length > 1 ? Path.of(args[1]) : WaterModel.defaultDir();
        long t0 = System.nanoTime();
        Trained model = train(FloodImages.train(shared), Settings.FULL);
        ModelSpec spec = write(model, out, Settings.FULL);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info("trained water model in {} s, written to {} (sha256 {})", Math.round(seconds), out, spec.sha256());
        System.out.println(Json.mapper().writeValueAsString(Map.of("model", spec.name(), "dir", out.toString(),
                "sha256", spec.sha256(), "train_seconds", Math.round(seconds * 10) / 10.0)));
    }

    /**
     * Trains both passes on the given photos; each sampled cell is labelled water when most of its pixels are water.
     * The first pass is trained {@value #FOLDS} more times on part of the photos to give the second pass honest
     * (out-of-fold) first-pass probabilities to learn from.
     */
    public static Trained train(List<FloodImages.Sample> photos, Settings settings) {
        List<Cells> cells = new ArrayList<>(photos.size());
        for (FloodImages.Sample s : photos) {
            cells.add(new Cells(WaterFeatures.compute(s.bgr(), s.width(), s.height()), cellWaterFraction(s)));
        }
        float[][][] context = new float[cells.size()][][];
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) if (i % FOLDS != fold) rest.add(i);
            log.info("first pass, fold {} of {}: training on {} photos", fold + 1, FOLDS, rest.size());
            Model<Label> foldModel = forest(dataset(cells, rest, null, settings, fold + 1L), settings);
            for (int i = fold; i < cells.size(); i += FOLDS) {
                context[i] = WaterContext.compute(WaterModel.firstPass(foldModel, cells.get(i).features()));
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) all.add(i);
        log.info("first pass on all {} photos: {} trees, depth {}", cells.size(), settings.trees(), settings.maxDepth());
        Model<Label> firstPass = forest(dataset(cells, all, null, settings, 0), settings);
        log.info("second pass (auto-context) on all {} photos", cells.size());
        Model<Label> model = forest(dataset(cells, all, context, settings, FOLDS + 1L), settings);
        return new Trained(firstPass, model);
    }

    /** Cells sampled from the chosen photos; with {@code context}, second-pass examples. */
    private static MutableDataset<Label> dataset(List<Cells> cells, List<Integer> photos, float[][][] context,
                                                 Settings settings, long salt) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("flood-area-segmentation/train", OffsetDateTime.now(), labels), labels);
        SplittableRandom random = new SplittableRandom(settings.seed() + salt);
        Label water = new Label(WaterModel.WATER), dry = new Label(WaterModel.DRY);
        for (int i : photos) {
            float[][] features = cells.get(i).features();
            float[] fraction = cells.get(i).fraction();
            int n = Math.min(settings.cellsPerImage(), features.length);
            for (int k = 0; k < n; k++) {
                int c = random.nextInt(features.length);
                Label label = fraction[c] >= 0.5f ? water : dry;
                data.add(context == null ? WaterModel.example(features[c], label)
                        : WaterModel.contextExample(features[c], context[i][c], label));
            }
        }
        return data;
    }

    private static Model<Label> forest(MutableDataset<Label> data, Settings settings) {
        var tree = new CARTClassificationTrainer(settings.maxDepth(), 5f, 0f, 0.5f, true, new GiniIndex(), settings.seed());
        return new ExtraTreesTrainer<>(tree, new FullyWeightedVotingCombiner(), settings.trees(), settings.seed()).train(data);
    }

    /** Share of water pixels in each grid cell. */
    public static float[] cellWaterFraction(FloodImages.Sample s) {
        float[] water = new float[GRID_W * GRID_H];
        int[] count = new int[water.length];
        for (int y = 0; y < s.height(); y++) {
            int gy = Math.min(GRID_H - 1, y * GRID_H / s.height());
            for (int x = 0; x < s.width(); x++) {
                int c = gy * GRID_W + Math.min(GRID_W - 1, x * GRID_W / s.width());
                count[c]++;
                if (s.water()[y * s.width() + x]) water[c]++;
            }
        }
        for (int c = 0; c < water.length; c++) water[c] = count[c] == 0 ? 0 : water[c] / count[c];
        return water;
    }

    /** Writes the weights and, beside them, the manifest entry the runtime checks them against. */
    public static ModelSpec write(Trained trained, Path dir, Settings settings) throws IOException {
        Files.createDirectories(dir);
        Path firstWeights = save(trained.firstPass(), dir, FIRST_PASS_WEIGHTS);
        Path weights = save(trained.model(), dir, WEIGHTS);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("grid", List.of(GRID_W, GRID_H));
        input.put("features", List.of(WaterFeatures.NAMES));
        input.put("contextFeatures", List.of(WaterContext.NAMES));
        input.put("trainer", "extra trees, " + FOLDS + "-fold out-of-fold first pass for the auto-context second pass");
        input.put("classes", List.of(WaterModel.WATER, WaterModel.DRY));
        input.put("trees", settings.trees());
        input.put("maxDepth", settings.maxDepth());
        input.put("cellsPerImage", settings.cellsPerImage());
        input.put("seed", settings.seed());
        ModelSpec spec = new ModelSpec(WaterModel.NAME, WaterModel.TASK, WEIGHTS, ModelFiles.sha256(weights),
                Files.size(weights), null,
                "trained by ./citywatch train flood on shared/data/flood-area-segmentation/train (251 photos)",
                "weights: Apache-2.0 (CityWatch); training photos: internal research use only, see the data README",
                null, input);
        ModelSpec first = new ModelSpec(WaterModel.NAME + "-first-pass", WaterModel.FIRST_PASS_TASK,
                FIRST_PASS_WEIGHTS, ModelFiles.sha256(firstWeights), Files.size(firstWeights), null, spec.source(),
                spec.licence(), null, Map.of("grid", List.of(GRID_W, GRID_H), "features", List.of(WaterFeatures.NAMES)));
        Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("manifest.json").toFile(), Map.of("models", List.of(first, spec)));
        return spec;
    }

    /** Written beside, then moved over the old file, so a loader never sees half a model. */
    private static Path save(Model<Label> model, Path dir, String name) throws IOException {
        Path weights = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        model.serializeToFile(tmp);
        Files.move(tmp, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return weights;
    }
}
