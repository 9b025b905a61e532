package city.citywatch.api.http.ops;

import city.citywatch.api.http.Routes;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** {@code /metrics} in the Prometheus text format, from the registry the application's meters live in. */
public final class MetricsHandler {
    private final PrometheusMeterRegistry registry;

    public MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void mount(Routes routes) {
        routes.on("getMetrics", PrometheusScrapingHandler.create(registry));
    }
}
