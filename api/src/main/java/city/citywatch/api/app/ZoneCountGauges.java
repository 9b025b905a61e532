package city.citywatch.api.app;

import city.citywatch.analytics.crowd.ZoneCountListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports every crowd zone's person count as the gauge {@code citywatch_zone_persons{camera,zone}}: the analyzers
 * report counts on their analysis threads, Prometheus reads the latest. A camera's gauges go when the camera does.
 */
final class ZoneCountGauges implements ZoneCountListener {
    private record Key(String camera, String zone) {
    }

    private final MeterRegistry meters;
    private final Map<Key, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Key, Gauge> gauges = new ConcurrentHashMap<>();

    ZoneCountGauges(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void onCount(String cameraId, String zoneId, int persons) {
        Key key = new Key(cameraId, zoneId);
        AtomicInteger value = counts.get(key);
        if (value == null) {
            AtomicInteger created = new AtomicInteger();
            value = counts.computeIfAbsent(key, k -> created);
            if (value == created) {
                gauges.put(key, Gauge.builder("citywatch.zone.persons", created, AtomicInteger::get)
                        .tag("camera", cameraId).tag("zone", zoneId)
                        .description("persons counted in a crowd zone in the latest analysed frame").register(meters));
            }
        }
        value.set(persons);
    }

    /** Drops the gauges of a camera that this node no longer runs. */
    void cameraRemoved(String cameraId) {
        gauges.entrySet().removeIf(e -> {
            if (!e.getKey().camera().equals(cameraId)) return false;
            meters.remove(e.getValue());
            counts.remove(e.getKey());
            return true;
        });
    }
}
