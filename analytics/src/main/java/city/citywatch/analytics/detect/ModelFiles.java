package city.citywatch.analytics.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Resolves a manifest entry's files in a models directory and checks them before anything loads them. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** The weight file, present and with the manifest's sha256, or a {@link ModelFileException} that says how to fix it. */
    public static Path verifiedWeights(ModelSpec spec, Path modelsDir) {
        Path file = modelsDir.resolve(spec.file()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException("weight file of model '" + spec.name() + "' not found: " + file
                    + " (models directory " + modelsDir.toAbsolutePath() + "). Expected sha256 " + spec.sha256()
                    + ", " + spec.size() + " bytes; get it from: " + spec.source());
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(spec.sha256())) {
            throw new ModelFileException("weight file of model '" + spec.name() + "' has the wrong sha256: " + file
                    + " expected " + spec.sha256() + " but is " + actual
                    + " (a different or corrupted file). Get the right one from: " + spec.source());
        }
        return file;
    }

    /** Class names, index = class id. */
    public static List<String> labels(ModelSpec spec, Path modelsDir) {
        if (spec.labels() == null) throw new ModelFileException("model '" + spec.name() + "' has no labels file in the manifest");
        Path file = modelsDir.resolve(spec.labels()).toAbsolutePath().normalize();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (lines.isEmpty()) throw new ModelFileException("labels file of model '" + spec.name() + "' is empty: " + file);
            return lines;
        } catch (IOException e) {
            throw new ModelFileException("cannot read labels file of model '" + spec.name() + "': " + file
                    + " (it is shipped next to the weights; source: " + spec.source() + ")", e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + file + " to check its sha256", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
