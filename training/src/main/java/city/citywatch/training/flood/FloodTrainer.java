package city.citywatch.training.flood;

import city.citywatch.analytics.detect.ModelFiles;
import city.citywatch.analytics.detect.ModelSpec;
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
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
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
    public static final String WEIGHTS = WaterModel.NAME + ".tribuo";

    /**
     * @param trees          forest size
     * @param maxDepth       depth of each tree
     * @param cellsPerImage  grid cells sampled from each training photo (all cells would mostly repeat neighbours)
     * @param seed           sampling and forest seed: the same data and settings give the same model
     */
    public record Settings(int trees, int maxDepth, int cellsPerImage, long seed) {
        public static final Settings FULL = new Settings(16, 14, 200, 20_261_121L);
        /** Small enough for a unit test on two shared cores, still well above the test floor. */
        public static final Settings REDUCED = new Settings(6, 10, 80, 20_261_121L);
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
        Model<Label> model = train(FloodImages.train(shared), Settings.FULL);
        ModelSpec spec = write(model, out, Settings.FULL);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info("trained water model in {} s, written to {} (sha256 {})", Math.round(seconds), out, spec.sha256());
        System.out.println(Json.mapper().writeValueAsString(Map.of("model", spec.name(), "dir", out.toString(),
                "sha256", spec.sha256(), "train_seconds", Math.round(seconds * 10) / 10.0)));
    }

    /** Trains on the given photos; each sampled cell is labelled water when most of its pixels are water. */
    public static Model<Label> train(List<FloodImages.Sample> photos, Settings settings) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("flood-area-segmentation/train", OffsetDateTime.now(), labels), labels);
        SplittableRandom random = new SplittableRandom(settings.seed());
        Label water = new Label(WaterModel.WATER), dry = new Label(WaterModel.DRY);
        for (FloodImages.Sample s : photos) {
            float[][] features = WaterFeatures.compute(s.bgr(), s.width(), s.height());
            float[] fraction = cellWaterFraction(s);
            int n = Math.min(settings.cellsPerImage(), features.length);
            for (int k = 0; k < n; k++) {
                int c = random.nextInt(features.length);
                data.add(WaterModel.example(features[c], fraction[c] >= 0.5f ? water : dry));
            }
        }
        log.info("training a forest of {} trees (depth {}) on {} cells of {} photos",
                settings.trees(), settings.maxDepth(), data.size(), photos.size());
        var tree = new CARTClassificationTrainer(settings.maxDepth(), 5f, 0f, 0.5f, false, new GiniIndex(), settings.seed());
        var forest = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), settings.trees(), settings.seed());
        return forest.train(data);
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
    public static ModelSpec write(Model<Label> model, Path dir, Settings settings) throws IOException {
        Files.createDirectories(dir);
        Path weights = dir.resolve(WEIGHTS);
        Path tmp = dir.resolve(WEIGHTS + ".tmp");
        model.serializeToFile(tmp);
        Files.move(tmp, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("grid", List.of(GRID_W, GRID_H));
        input.put("features", List.of(WaterFeatures.NAMES));
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
        Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("manifest.json").toFile(), Map.of("models", List.of(spec)));
        return spec;
    }
}
