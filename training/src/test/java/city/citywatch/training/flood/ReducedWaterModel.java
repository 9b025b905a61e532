package city.citywatch.training.flood;

import city.citywatch.analytics.flood.WaterModel;
import city.citywatch.core.config.SharedFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A water model trained by the tests themselves (reduced settings, about a minute on two cores), written and loaded
 * exactly as {@code ./citywatch train flood} and the runtime do, once per test JVM. Tests never skip for want of
 * weights and never depend on a model someone trained by hand.
 */
final class ReducedWaterModel {
    private static Path dir;
    private static WaterModel model;

    private ReducedWaterModel() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("citywatch-water-model");
                FloodTrainer.write(FloodTrainer.train(FloodImages.train(shared()), FloodTrainer.Settings.REDUCED), d,
                        FloodTrainer.Settings.REDUCED);
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    static synchronized WaterModel model() {
        if (model == null) model = WaterModel.load(dir());
        return model;
    }

    static Path shared() {
        return SharedFolder.resolve();
    }
}
