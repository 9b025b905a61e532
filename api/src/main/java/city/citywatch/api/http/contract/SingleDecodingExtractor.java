package city.citywatch.api.http.contract;

import city.citywatch.core.validation.ValidationException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts the request for validation like vertx-openapi's body-handler extractor, but with each scalar
 * query parameter decoded exactly once. vertx-openapi 4.5 URL-decodes the already decoded query values a
 * second time, which turns the {@code +} of a time-zone offset ({@code since=2025-03-01T16:05:00%2B08:00})
 * into a space and makes a valid instant fail the date-time check. A scalar parameter given more than once
 * is refused rather than silently reduced to one of its values.
 */
public final class SingleDecodingExtractor implements RequestExtractor {
    private static final Set<SchemaType> SCALARS = Set.of(SchemaType.STRING, SchemaType.INTEGER, SchemaType.NUMBER,
            SchemaType.BOOLEAN);

    private final RequestExtractor delegate = RequestExtractor.withBodyHandler();

    @Override
    public Future<ValidatableRequest> extractValidatableRequest(RoutingContext rc, Operation operation) {
        return delegate.extractValidatableRequest(rc, operation).map(extracted -> {
            Map<String, RequestParameter> query = new HashMap<>(extracted.getQuery());
            for (Parameter p : operation.getParameters()) {
                if (p.getIn() != Location.QUERY || !SCALARS.contains(p.getSchemaType())) continue;
                List<String> values = rc.queryParams().getAll(p.getName());
                if (values.size() > 1) {
                    throw new ValidationException(p.getName(), "is given " + values.size() + " times; give it once");
                }
                if (values.size() == 1) query.put(p.getName(), new Value(values.get(0)));
            }
            return new Request(extracted, query);
        });
    }

    private record Value(Object get) implements RequestParameter {
    }

    private record Request(ValidatableRequest extracted, Map<String, RequestParameter> query) implements ValidatableRequest {
        @Override
        public Map<String, RequestParameter> getCookies() {
            return extracted.getCookies();
        }

        @Override
        public Map<String, RequestParameter> getPathParameters() {
            return extracted.getPathParameters();
        }

        @Override
        public Map<String, RequestParameter> getQuery() {
            return query;
        }

        @Override
        public Map<String, RequestParameter> getHeaders() {
            return extracted.getHeaders();
        }

        @Override
        public RequestParameter getBody() {
            return extracted.getBody();
        }

        @Override
        public String getContentType() {
            return extracted.getContentType();
        }
    }
}
