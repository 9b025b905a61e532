package city.citywatch.api.http.auth;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in (a password for a short-lived bearer token) and "who am I". */
public final class AuthHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

    private final Vertx vertx;
    private final BlockingPool pool;
    private final Authenticator authenticator;

    public AuthHandler(Vertx vertx, BlockingPool pool, Authenticator authenticator) {
        this.vertx = vertx;
        this.pool = pool;
        this.authenticator = authenticator;
    }

    public void mount(Routes routes) {
        routes.on("signIn", this::signIn);
        routes.on("getMe", rc -> Responses.json(rc, 200, Principal.of(rc).toJson()));
    }

    private void signIn(RoutingContext rc) {
        JsonObject body = Requests.jsonBody(rc);
        String username = body.getString("username");
        String password = body.getString("password");
        String from = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
        pool.run(vertx, () -> authenticator.signIn(username, password))
                .onSuccess(s -> {
                    LOG.info("user {} signed in from {}", s.principal().username(), from);
                    Responses.json(rc, 200, new JsonObject().put("token", s.token())
                            .put("expiresAt", s.expiresAt().toString()).put("user", s.principal().toJson()));
                })
                .onFailure(e -> {
                    LOG.warn("failed sign-in for '{}' from {}", username.length() > 64 ? username.substring(0, 64) : username, from);
                    rc.fail(e);
                });
    }
}
