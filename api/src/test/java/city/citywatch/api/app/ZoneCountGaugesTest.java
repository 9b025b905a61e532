package city.citywatch.api.app;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Crowd zone counts as Prometheus sees them on /metrics. */
class ZoneCountGaugesTest {
    @Test
    void eachCrowdZoneHasItsPersonGaugeUntilItsCameraGoes() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ZoneCountGauges gauges = new ZoneCountGauges(meters);
        gauges.onCount("cam-1", "square", 4);
        gauges.onCount("cam-1", "square", 7);
        gauges.onCount("cam-2", "gate", 2);
        String scrape = meters.scrape();
        assertThat(scrape).contains("citywatch_zone_persons{camera=\"cam-1\",zone=\"square\",} 7.0")
                .contains("citywatch_zone_persons{camera=\"cam-2\",zone=\"gate\",} 2.0");
        gauges.cameraRemoved("cam-1");
        assertThat(meters.scrape()).doesNotContain("zone=\"square\"")
                .contains("citywatch_zone_persons{camera=\"cam-2\",zone=\"gate\",} 2.0");
    }
}
