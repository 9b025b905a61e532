package city.citywatch.api.http.auth;

import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.auth.UserRole;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authentication and role check of every request, before the contract validates it (so an anonymous caller
 * learns nothing about parameters). Which roles an operation needs is written in the contract itself:
 * {@code x-roles: [admin, officer]} on the operation; {@code x-public: true} marks the few that need no sign-in.
 * An operation with neither is refused at start, so a new endpoint cannot be left open by mistake.
 * <p>
 * Credentials: {@code Authorization: Bearer <jwt>}, or {@code X-Api-Key: <key>} for service accounts, or (only on
 * operations marked {@code x-token-in-query: true}, the WebSocket, because browsers cannot set its headers)
 * {@code ?token=<jwt>}.
 */
public final class AccessControl implements AuthenticationHandler {
    public static final String API_KEY_HEADER = "X-Api-Key";

    private record Rule(Set<UserRole> roles, boolean tokenInQuery) {
    }

    private final OpenAPIContract contract;
    private final Authenticator authenticator;
    private final Map<String, Rule> rules = new HashMap<>();

    public AccessControl(OpenAPIContract contract, Authenticator authenticator) {
        this.contract = contract;
        this.authenticator = authenticator;
        for (Operation op : contract.operations()) {
            Map<String, Object> ext = op.getExtensions();
            boolean isPublic = Boolean.TRUE.equals(ext.get("x-public"));
            Object roles = ext.get("x-roles");
            if (isPublic == (roles != null)) {
                throw new IllegalStateException("operation " + op.getOperationId() + " of the OpenAPI contract must declare "
                        + "exactly one of x-roles (who may call it) or x-public: true");
            }
            if (isPublic) continue;
            List<?> names = roles instanceof JsonArray a ? a.getList() : roles instanceof List<?> l ? l : List.of();
            Set<UserRole> set = EnumSet.noneOf(UserRole.class);
            for (Object n : names) set.add(UserRole.parse(String.valueOf(n)));
            if (set.isEmpty()) throw new IllegalStateException("operation " + op.getOperationId() + ": x-roles is empty");
            rules.put(op.getOperationId(), new Rule(set, Boolean.TRUE.equals(ext.get("x-token-in-query"))));
        }
    }

    /** The roles an operation admits; empty for a public one. */
    public Optional<Set<UserRole>> rolesOf(String operationId) {
        return Optional.ofNullable(rules.get(operationId)).map(Rule::roles);
    }

    @Override
    public void handle(RoutingContext rc) {
        Operation op = contract.findOperation(rc.request().path(), rc.request().method());
        Rule rule = op == null ? null : rules.get(op.getOperationId());
        if (rule == null) {
            rc.next(); // public, or no such operation (the router answers 404/405)
            return;
        }
        List<String> query = rc.queryParam("token");
        authorize(op.getOperationId(), rc.request().headers(), query.isEmpty() ? null : query.getFirst())
                .onSuccess(principal -> {
                    principal.attach(rc);
                    rc.next();
                })
                .onFailure(e -> {
                    if (e instanceof ApiException a && a.status() == 401) {
                        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"citywatch\"");
                    }
                    rc.fail(e);
                });
    }

    /**
     * Who the credentials name, if the operation admits one of their roles; else a failed future with the 401 or 403
     * {@link ApiException}. Also used for the WebSocket handshake, which does not pass through the router.
     *
     * @param queryToken the {@code token} query parameter; used only by operations marked {@code x-token-in-query}
     */
    public Future<Principal> authorize(String operationId, MultiMap headers, String queryToken) {
        Rule rule = rules.get(operationId);
        if (rule == null) return Future.failedFuture(new IllegalStateException(operationId + " is public or unknown"));
        return authenticate(headers, rule.tokenInQuery() ? queryToken : null).compose(principal -> {
            if (!principal.hasAny(rule.roles())) {
                return Future.failedFuture(new ApiException(403, "forbidden", operationId + " requires the role "
                        + rule.roles().stream().map(UserRole::wireName).sorted().collect(Collectors.joining(" or "))
                        + "; " + principal.username() + " has " + principal.roles().stream().map(UserRole::wireName)
                        .sorted().collect(Collectors.joining(", ")), null));
            }
            return Future.succeededFuture(principal);
        });
    }

    private Future<Principal> authenticate(MultiMap headers, String queryToken) {
        String key = headers.get(API_KEY_HEADER);
        if (key != null) {
            return authenticator.apiKey(key).map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
                    new ApiException(401, "unauthorized", "the API key is not valid", null)));
        }
        String header = headers.get("Authorization");
        String token = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
                return Future.failedFuture(new ApiException(401, "unauthorized",
                        "the Authorization header must be 'Bearer <token>'", null));
            }
            token = header.substring(7).trim();
        } else {
            token = queryToken;
        }
        if (token == null || token.isEmpty()) {
            return Future.failedFuture(new ApiException(401, "unauthorized", "sign in first: send 'Authorization: Bearer "
                    + "<token>' (POST /api/v1/auth/token) or an X-Api-Key header", null));
        }
        if (token.length() > 8192) {
            return Future.failedFuture(new ApiException(401, "unauthorized", "the token is not valid (too long)", null));
        }
        return authenticator.verifyToken(token);
    }
}
