package city.citywatch.api.http;

import city.citywatch.api.http.contract.ApiContract;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API as one verticle: loads the contract, builds the router, listens. Owns its HTTP server and
 * the blocking pool its handlers use; both end when the verticle is undeployed. Deploy one instance per
 * node (port 0 picks a free port; {@link #port()} tells which).
 */
public final class HttpApiVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    /** Idle keep-alive connections are closed after this, so stalled clients cannot hoard sockets. */
    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private final HttpApiDependencies deps;
    private BlockingPool pool;
    private HttpServer server;

    public HttpApiVerticle(HttpApiDependencies deps) {
        this.deps = deps;
    }

    /** Deploys the API and answers the port it listens on. */
    public static Future<Integer> deploy(Vertx vertx, HttpApiVerticle verticle) {
        return vertx.deployVerticle(verticle).map(id -> verticle.port());
    }

    @Override
    public void start(Promise<Void> started) {
        HttpSettings settings = deps.settings();
        pool = new BlockingPool(settings.blockingThreads(), settings.blockingQueue());
        ApiContract.load(vertx)
                .compose(contract -> {
                    ApiRouter.Built api = ApiRouter.create(vertx, contract, deps, pool);
                    return vertx.createHttpServer(new HttpServerOptions()
                                    .setHost(settings.host())
                                    .setPort(settings.port())
                                    .setIdleTimeout(IDLE_TIMEOUT_SECONDS))
                            .webSocketHandler(api.webSockets())
                            .requestHandler(api.router())
                            .listen();
                })
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API listening on http://{}:{}/ (contract at /api/v1/openapi.yaml)",
                            settings.host(), s.actualPort());
                    started.complete();
                })
                .onFailure(e -> {
                    pool.close();
                    started.fail(new IllegalStateException("HTTP API could not start on " + settings.host() + ":"
                            + settings.port() + ": " + e.getMessage(), e));
                });
    }

    @Override
    public void stop(Promise<Void> stopped) {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        closed.onComplete(r -> {
            if (pool != null) pool.close();
            stopped.complete();
        });
    }

    /** The port the server listens on; valid once the verticle is deployed. */
    public int port() {
        if (server == null) throw new IllegalStateException("the HTTP API is not started");
        return server.actualPort();
    }
}
