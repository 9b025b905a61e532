package city.citywatch.api.http.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI file of the REST API. The validator and the download endpoint both read the one classpath
 * resource, so what clients read is what the server enforces.
 */
public record ApiContract(OpenAPIContract contract, Buffer source) {
    public static final String RESOURCE = "openapi/citywatch.yaml";

    public static Future<ApiContract> load(Vertx vertx) {
        Future<Buffer> bytes = vertx.executeBlocking(ApiContract::readResource, false);
        return bytes.compose(source -> OpenAPIContract.from(vertx, RESOURCE)
                .map(contract -> new ApiContract(contract, source)));
    }

    private static Buffer readResource() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("classpath resource " + RESOURCE + " is missing from the build");
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
    }
}
