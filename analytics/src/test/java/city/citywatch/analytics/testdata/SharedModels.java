package city.citywatch.analytics.testdata;

import city.citywatch.core.config.SharedFolder;

import java.nio.file.Path;

/** The staged models and test images of the shared folder. */
public final class SharedModels {
    private SharedModels() {
    }

    public static Path modelsDir() {
        return SharedFolder.resolve().resolve("models");
    }

    public static Path image(String name) {
        return SharedFolder.resolve().resolve("data/images").resolve(name);
    }
}
