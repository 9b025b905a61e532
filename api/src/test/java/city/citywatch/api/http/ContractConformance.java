package city.citywatch.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Checks real responses against the contract's response schemas with vertx-openapi's own validator. */
final class ContractConformance {
    private final ResponseValidator validator;
    final OpenAPIContract contract;

    ContractConformance(Vertx vertx) throws Exception {
        contract = OpenAPIContract.from(vertx, "openapi/citywatch.yaml")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        validator = ResponseValidator.create(vertx, contract);
    }

    void assertConforms(String operationId, HttpResponse<String> response) throws Exception {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) headers.put(name, values.get(0));
        });
        violation(operationId, response.statusCode(), headers, response.body(),
                response.headers().firstValue("Content-Type").orElse(null))
                .ifPresent(v -> fail("response of " + operationId + " (" + response.statusCode()
                        + ") breaks the contract: " + v + "\nbody: " + response.body()));
    }

    /** What is wrong with the response according to the contract; empty if it conforms. */
    Optional<String> violation(String operationId, int status, Map<String, String> headers, String body,
                               String contentType) throws Exception {
        ValidatableResponse validatable = body == null || body.isEmpty()
                ? ValidatableResponse.create(status, headers)
                : ValidatableResponse.create(status, headers, Buffer.buffer(body), contentType);
        try {
            validator.validate(validatable, operationId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            String detail = e.getCause() instanceof SchemaValidationException sve && sve.getOutputUnit() != null
                    ? sve.getOutputUnit().toJson().encodePrettily() : "";
            return Optional.of(e.getCause().getMessage() + "\n" + detail);
        }
    }
}
