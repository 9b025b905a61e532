package city.citywatch.core.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared folder of models and data that benchmarks, tests and the demo read (never copied into the
 * repository): system property {@code citywatch.shared}, else env
 * {@code CITYWATCH_SHARED}, else {@code ../shared} next to the repository root (the folder whose {@code pom.xml}
 * lists {@code <module>core</module>}), found by walking up from the working directory.
 */
public final class SharedFolder {
    private SharedFolder() {
    }

    /** The repository root: the nearest folder above the working directory whose pom.xml lists module core. */
    public static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>core</module>")) return dir;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read " + pom, e);
            }
        }
        throw new IllegalStateException("no pom.xml with <module>core</module> above " + start
                + ": run from inside the CityWatch repository");
    }

    public static Path resolve() {
        String prop = System.getProperty("citywatch.shared");
        if (prop != null && !prop.isBlank()) return existing(Path.of(prop), "system property citywatch.shared");
        String env = System.getenv("CITYWATCH_SHARED");
        if (env != null && !env.isBlank()) return existing(Path.of(env), "env CITYWATCH_SHARED");
        Path root;
        try {
            root = repoRoot();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("shared folder not found: set -Dcitywatch.shared or CITYWATCH_SHARED, or run "
                    + "inside the repository (which has ../shared beside it)");
        }
        return existing(root.resolveSibling("shared"), "../shared next to the repository root " + root);
    }

    public static Path resolve(String[] args) {
        return args.length > 0 ? existing(Path.of(args[0]), "the first argument") : resolve();
    }

    private static Path existing(Path p, String from) {
        if (!Files.isDirectory(p)) throw new IllegalStateException("shared folder " + p.toAbsolutePath() + " (from " + from + ") does not exist");
        return p.toAbsolutePath().normalize();
    }
}
