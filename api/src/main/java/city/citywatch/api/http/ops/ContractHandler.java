package city.citywatch.api.http.ops;

import city.citywatch.api.http.Routes;
import io.vertx.core.buffer.Buffer;

/** Serves the OpenAPI contract the server validates against, byte for byte. */
public final class ContractHandler {
    private final Buffer contract;

    public ContractHandler(Buffer contract) {
        this.contract = contract;
    }

    public void mount(Routes routes) {
        routes.on("getContract", rc -> rc.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(contract));
    }
}
