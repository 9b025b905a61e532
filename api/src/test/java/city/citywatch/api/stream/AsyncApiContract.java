package city.citywatch.api.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The event stream's contract, {@code asyncapi/citywatch.yaml}, as a validator of Kafka record values: the whole
 * AsyncAPI document is the schema's root, so its {@code #/components/...} references resolve as written.
 */
public final class AsyncApiContract {
    static final String RESOURCE = "asyncapi/citywatch.yaml";
    private static final JsonObject DOCUMENT = load();
    /** Compiled once: the whole document is the root, so its #/components/... references resolve as written. */
    private static final Validator EVENT_CLOUD_EVENT = Validator.create(
            JsonSchema.of(DOCUMENT.copy().put("$ref", "#/components/schemas/EventCloudEvent")),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://citywatch.city/asyncapi"));

    private AsyncApiContract() {
    }

    static JsonObject document() {
        return DOCUMENT.copy();
    }

    /** Validation of one record value (a structured-mode CloudEvent) against the EventChange message payload. */
    public static OutputUnit validateRecordValue(byte[] value) {
        return EVENT_CLOUD_EVENT.validate(new JsonObject(new String(value, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static JsonObject load() {
        try (InputStream in = AsyncApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
            return new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
