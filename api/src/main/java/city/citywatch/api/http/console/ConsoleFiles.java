package city.citywatch.api.http.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console's files, served from the classpath folder {@code console/} at {@code /}. Any other GET that is
 * not an API path answers {@code index.html}, so the console's own routes (/events/…, /cameras/…) survive a reload.
 * Hashed asset names may be cached long; {@code index.html} is revalidated so a new release is picked up.
 */
public final class ConsoleFiles {
    public static final String ROOT = "console";

    private ConsoleFiles() {
    }

    /** Every GET path except the API's own. */
    private static final String NOT_API = "^/(?!api/|api$|health$|metrics$).*";

    public static void mount(Router router) {
        StaticHandler files = StaticHandler.create(ROOT)
                .setIndexPage("index.html")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(3600)
                .setDefaultContentEncoding("UTF-8");
        router.routeWithRegex(HttpMethod.GET, NOT_API).handler(rc -> {
            String path = rc.normalizedPath();
            // the page names the current assets: always revalidated, so a new release shows at the next load
            if (path.equals("/") || path.endsWith(".html")) {
                rc.addHeadersEndHandler(v -> rc.response().headers().set("Cache-Control", "no-cache"));
            }
            rc.next();
        }).handler(files);
        // SPA fallback: a console route reloaded in the browser (/events/42) is not a file
        router.routeWithRegex(HttpMethod.GET, NOT_API).handler(rc -> {
            String path = rc.normalizedPath();
            if (path.equals("/") || path.substring(path.lastIndexOf('/') + 1).contains(".")) {
                rc.next();
                return;
            }
            rc.reroute("/");
        });
    }
}
