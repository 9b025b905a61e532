package city.citywatch.api.http.error;

import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.ConflictException;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.NotFoundException;
import city.citywatch.storage.StorageException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * The last word on every failed request: maps what went wrong to a status, a code and a message the client
 * can act on. Unexpected failures are logged with the request id and answered with that id only, never
 * with a stack trace or an exception message that could reveal internals.
 */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    private final long maxBodyBytes;
    private final OpenAPIContract contract;
    private final ContractViolations violations;

    public FailureHandler(long maxBodyBytes, OpenAPIContract contract) {
        this.maxBodyBytes = maxBodyBytes;
        this.contract = contract;
        this.violations = new ContractViolations(contract.getRawContract());
    }

    @Override
    public void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        ApiException mapped = failure == null ? fromStatus(rc.statusCode()) : fromThrowable(rc, failure);
        if (mapped == null && failure instanceof StorageException) {
            // The database or object store is down or failing: the request may succeed later. The message
            // names hosts and SQL, so it goes to the log, not to the client.
            String requestId = RequestIds.of(rc);
            LOG.error("Request {} {} {}: storage failed; answered 503", requestId, rc.request().method(),
                    rc.request().path(), failure);
            mapped = new ApiException(503, "storage_unavailable",
                    "the database or object store failed; retry later (request id " + requestId + ")", null);
        } else if (mapped == null) {
            String requestId = RequestIds.of(rc);
            LOG.error("Request {} {} {} failed unexpectedly; answered 500", requestId, rc.request().method(),
                    rc.request().path(), failure);
            mapped = new ApiException(500, "internal_error",
                    "internal error; quote request id " + requestId + " when reporting it", null);
        } else if (mapped.code().equals("busy")) {
            // A designed refusal under overload; one line per refused request would add to the overload.
            LOG.debug("Request {} {} {} refused: work queue full", RequestIds.of(rc), rc.request().method(), rc.request().path());
        } else if (mapped.status() >= 500) {
            LOG.warn("Request {} {} {}: {} ({})", RequestIds.of(rc), rc.request().method(), rc.request().path(),
                    mapped.getMessage(), failure == null ? "status " + rc.statusCode() : failure.toString());
        }
        ErrorBody.send(rc, mapped);
    }

    private ApiException fromThrowable(RoutingContext rc, Throwable t) {
        if (t instanceof ApiException e) return e;
        if (t instanceof ValidationException e) return ApiException.invalid(e.field(), e.reason());
        if (t instanceof ValidatorException e) {
            return violations.toApiException(e, contract.findOperation(rc.request().path(), rc.request().method()));
        }
        if (t instanceof DuplicateKeyException e) return new ApiException(409, "duplicate", e.getMessage(), null);
        if (t instanceof ConflictException e) return new ApiException(409, "conflict", e.getMessage(), null);
        if (t instanceof NotFoundException e) return ApiException.notFound(e.getMessage());
        if (t instanceof RejectedExecutionException) {
            return new ApiException(503, "busy", "the server is busy; retry shortly", null);
        }
        if (t instanceof io.vertx.ext.web.handler.HttpException e) return fromStatus(e.getStatusCode());
        return null;
    }

    /** Failures that carry only a status: Vert.x Web's own refusals (body limit, no route). */
    private ApiException fromStatus(int status) {
        return switch (status) {
            case 400 -> new ApiException(400, "invalid_request", "the request is malformed", null);
            case 404 -> ApiException.notFound("no such resource");
            case 405 -> new ApiException(405, "method_not_allowed", "method not allowed on this resource", null);
            case 413 -> new ApiException(413, "payload_too_large",
                    "request body exceeds the limit of " + maxBodyBytes + " bytes", null);
            case 415 -> new ApiException(415, "unsupported_media_type", "request body must be application/json", null);
            default -> null;
        };
    }
}
