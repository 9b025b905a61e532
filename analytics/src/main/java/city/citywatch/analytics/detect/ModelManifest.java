package city.citywatch.analytics.detect;

import city.citywatch.core.json.Json;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The repository's {@code models/manifest.json}, shipped on the classpath as {@code models/manifest.json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(List<ModelSpec> models) {
    public static final String RESOURCE = "models/manifest.json";

    public ModelManifest {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public static ModelManifest load() {
        try (InputStream in = ModelManifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model manifest " + RESOURCE + " is not on the classpath; "
                        + "the analytics jar is incomplete (it is built from the repository's models/manifest.json)");
            }
            return Json.mapper().readValue(in, ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public Optional<ModelSpec> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public ModelSpec require(String name) {
        return find(name).orElseThrow(() -> new ModelFileException("unknown model '" + name + "'; the manifest ("
                + RESOURCE + ") lists: " + models.stream().map(ModelSpec::name).collect(Collectors.joining(", "))));
    }
}
