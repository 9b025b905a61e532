package city.citywatch.analytics.flood;

import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.event.Transition;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Flooding seen by a water-level gauge alone, wherever it stands (under a bridge, in a culvert, beside a road no
 * camera covers): an event opens when a reading reaches the gauge's threshold and closes when the level has fallen
 * below {@code closeRatio} × threshold. Such an event has no camera: its camera reference is
 * {@code sensor:<id>} with the gauge's name and location, its CloudEvent source {@code /sensors/<id>}, and it goes
 * to the department of the first flood-watch zone linked to the gauge (else the default department).
 * Thread-safe (readings arrive on worker threads).
 */
public final class GaugeFloodWatch {
    private static final Logger LOG = LoggerFactory.getLogger(GaugeFloodWatch.class);
    private static final String ACTOR = "system";

    private final EventSink sink;
    private final Map<String, String> departments;
    private final double closeRatio;
    private final Duration updateInterval;
    private final Map<String, Event> open = new HashMap<>();
    private final Map<String, Instant> lastPublished = new HashMap<>();

    /**
     * @param departments gauge id → department of the first flood-watch zone linked to it
     * @param carriedOver gauge id → its flooding event still open from a previous run of the node: the next reading
     *                    updates or closes it instead of opening a second one
     */
    public GaugeFloodWatch(EventSink sink, Map<String, String> departments, double closeRatio, Duration updateInterval,
                           Map<String, Event> carriedOver) {
        this.sink = sink;
        carriedOver.forEach((id, e) -> {
            open.put(id, e);
            lastPublished.put(id, e.updatedAt());
        });
        this.departments = Map.copyOf(departments);
        this.closeRatio = closeRatio;
        this.updateInterval = updateInterval;
    }

    public synchronized void onReading(Sensor sensor, SensorReading r) {
        if (sensor.kind() != SensorKind.WATER_LEVEL) return;
        double ratio = r.value() / sensor.threshold();
        Event current = open.get(sensor.id());
        Instant at = r.receivedAt();
        var objects = FloodObjects.of(null, 0, 0, List.of(new GaugeReadings.GaugeLevel(sensor, r)));
        if (current == null && ratio >= 1) {
            Event e = new Event(UUID.randomUUID(), EventKind.FLOODING, EventState.OPEN, FloodSeverity.of(0, ratio), 0.9,
                    new CameraRef(EventTypes.SENSOR_CAMERA_PREFIX + sensor.id(), sensor.name(), sensor.location()), null,
                    departments.getOrDefault(sensor.id(), "city-management"), at, null, objects, null, at);
            sink.accept(new EventChange(e, Transition.OPENED, ACTOR, at, "water level " + r.value() + " " + r.unit()
                    + " at gauge " + sensor.id() + " (threshold " + sensor.threshold() + ")"));
            open.put(sensor.id(), e);
            lastPublished.put(sensor.id(), at);
            LOG.info("flooding opened at gauge {} ({}): {} {} >= threshold {}", sensor.id(), sensor.name(), r.value(),
                    r.unit(), sensor.threshold());
        } else if (current != null && ratio < closeRatio) {
            Event e = new Event(current.id(), current.kind(), current.state(), current.severity(), current.confidence(),
                    current.camera(), null, current.department(), current.startedAt(), at, objects, null, at);
            sink.accept(new EventChange(e, Transition.CLOSED, ACTOR, at, "water level fell to " + r.value() + " " + r.unit()));
            open.remove(sensor.id());
            lastPublished.remove(sensor.id());
            LOG.info("flooding closed at gauge {}: {} {}", sensor.id(), r.value(), r.unit());
        } else if (current != null && Duration.between(lastPublished.get(sensor.id()), at).compareTo(updateInterval) >= 0) {
            Event e = new Event(current.id(), current.kind(), current.state(), FloodSeverity.of(0, Math.max(ratio, 1)),
                    current.confidence(), current.camera(), null, current.department(), current.startedAt(), null,
                    objects, null, at);
            sink.accept(new EventChange(e, Transition.UPDATED, ACTOR, at, "water level " + r.value() + " " + r.unit()));
            open.put(sensor.id(), e);
            lastPublished.put(sensor.id(), at);
        }
    }
}
