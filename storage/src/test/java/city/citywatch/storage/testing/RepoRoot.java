package city.citywatch.storage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest folder above the working directory whose pom.xml lists module core. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>core</module>")) return d;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pom, e);
            }
        }
        throw new IllegalStateException("no pom.xml with <module>core</module> above " + dir);
    }
}
