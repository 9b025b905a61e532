package city.citywatch.api.http.auth;

import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.auth.PasswordHash;
import city.citywatch.core.auth.UserRole;
import city.citywatch.core.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks credentials: passwords against the configured PBKDF2 hashes (on a worker: deliberately slow), API keys
 * against their SHA-256, and bearer tokens (HS256 JWTs signed here, issuer {@code citywatch}, short-lived). Roles
 * always come from the configuration, not from the token, so a user removed from the config at a restart loses
 * access even with a token that has not expired.
 */
public final class Authenticator {
    static final String ISSUER = "citywatch";
    private static final String ALGORITHM = "HS256";

    private final Map<String, AuthConfig.User> users = new LinkedHashMap<>();
    private final AuthConfig config;
    private final JWTAuth jwt;
    /** Answers a sign-in for an unknown user as slowly as for a known one, so usernames cannot be probed by timing. */
    private final String decoyHash;
    private final SignInThrottle throttle = new SignInThrottle(java.time.Clock.systemUTC());

    public record SignedIn(String token, Instant expiresAt, Principal principal) {
    }

    public Authenticator(Vertx vertx, AuthConfig config) {
        if (config.jwtSecret() == null) throw new IllegalArgumentException("auth.jwtSecret must be resolved before the API starts");
        this.config = config;
        for (AuthConfig.User u : config.users()) users.put(u.username(), u);
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(config.jwtSecret()))
                .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAlgorithm(ALGORITHM)));
        this.decoyHash = config.users().isEmpty() ? PasswordHash.hash("decoy", PasswordHash.MIN_ITERATIONS)
                : config.users().getFirst().passwordHash();
    }

    /** Blocking (PBKDF2): call on a worker thread. */
    public SignedIn signIn(String username, String password) {
        Instant locked = throttle.lockedUntil(username);
        if (locked != null) {
            throw new ApiException(429, "too_many_attempts", "too many failed sign-ins for '" + username
                    + "'; try again after " + locked, null);
        }
        AuthConfig.User user = users.get(username);
        boolean ok = PasswordHash.verify(password, user == null ? decoyHash : user.passwordHash());
        if (user == null || !ok) {
            throttle.failed(username);
            throw new ApiException(401, "invalid_credentials", "unknown user or wrong password", null);
        }
        throttle.succeeded(username);
        Instant expiresAt = Instant.now().plusSeconds(config.tokenTtlMinutes() * 60L);
        String token = jwt.generateToken(new JsonObject().put("name", user.displayName()),
                new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER).setSubject(user.username())
                        .setExpiresInMinutes(config.tokenTtlMinutes()));
        return new SignedIn(token, expiresAt, principal(user));
    }

    /** The user a bearer token names, if the token is genuine, unexpired and the user still exists. */
    public Future<Principal> verifyToken(String token) {
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(invalidToken(e)))
                .compose(u -> {
                    String sub = u.principal().getString("sub");
                    AuthConfig.User user = sub == null ? null : users.get(sub);
                    if (user == null) {
                        return Future.failedFuture(new ApiException(401, "unauthorized",
                                "the token names a user that no longer exists; sign in again", null));
                    }
                    return Future.succeededFuture(principal(user));
                });
    }

    public Optional<Principal> apiKey(String key) {
        for (AuthConfig.ApiKey k : config.apiKeys()) {
            if (PasswordHash.verifyApiKey(key, k.keyHash())) {
                return Optional.of(new Principal(k.name(), k.name(), k.roles(), true));
            }
        }
        return Optional.empty();
    }

    private static ApiException invalidToken(Throwable e) {
        String m = String.valueOf(e.getMessage());
        String reason = m.toLowerCase().contains("expired") ? "the token has expired; sign in again (POST /api/v1/auth/token)"
                : "the token is not valid (malformed, wrong signature or issuer); sign in again";
        return new ApiException(401, "unauthorized", reason, null);
    }

    private static Principal principal(AuthConfig.User u) {
        return new Principal(u.username(), u.displayName(), u.roles(), false);
    }

    static boolean knownRole(String s) {
        try {
            UserRole.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
