package city.citywatch.api.http;

import city.citywatch.core.validation.ValidationException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where resource handlers attach to the contract's operations. Every operation also refuses query
 * parameters the contract does not declare: a misspelt filter ({@code camra=…}) must not silently widen a
 * query to everything.
 */
public final class Routes {
    private final RouterBuilder builder;
    private final OpenAPIContract contract;

    public Routes(RouterBuilder builder, OpenAPIContract contract) {
        this.builder = builder;
        this.contract = contract;
    }

    public void on(String operationId, Handler<RoutingContext> handler) {
        OpenAPIRoute route = builder.getRoute(operationId);
        if (route == null) throw new IllegalStateException("the OpenAPI contract has no operation '" + operationId + "'");
        Set<String> declared = contract.operation(operationId).getParameters().stream()
                .filter(p -> p.getIn() == Location.QUERY)
                .map(Parameter::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        route.addHandler(rc -> {
            for (String name : rc.queryParams().names()) {
                if (!declared.contains(name)) {
                    String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                    throw new ValidationException(shown, declared.isEmpty()
                            ? "is not a parameter of this operation (it takes none)"
                            : "is not a parameter of this operation; known: " + String.join(", ", declared));
                }
            }
            rc.next();
        });
        route.addHandler(handler);
    }
}
