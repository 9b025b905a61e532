package city.citywatch.core.event;

/** CloudEvents attribute values of the event contract (DESIGN.md, "Contracts"). */
public final class EventTypes {
    public static final String ALL_EVENTS_TOPIC = "citywatch.events";
    public static final String CAMERA_HEALTH_TOPIC = "citywatch.camera-health";
    public static final String DISPATCH_TOPIC_PREFIX = "citywatch.dispatch.";
    /** Every gauge reading (sensor layer), key = sensor id. */
    public static final String SENSORS_TOPIC = "citywatch.sensors";
    public static final String SENSOR_READING_TYPE = "city.citywatch.sensor.reading";
    /**
     * Camera id of an event no camera saw (a gauge over its threshold): {@code sensor:<sensorId>}. The ':' cannot
     * occur in a real camera id, so such an event is never mistaken for a camera's; its source is
     * {@code /sensors/<sensorId>}.
     */
    public static final String SENSOR_CAMERA_PREFIX = "sensor:";

    private EventTypes() {
    }

    public static String type(EventKind kind, Transition transition) {
        return "city.citywatch." + kind.wireName() + "." + transition.wireName();
    }

    public static String source(String cameraId) {
        if (cameraId.startsWith(SENSOR_CAMERA_PREFIX)) return sensorSource(cameraId.substring(SENSOR_CAMERA_PREFIX.length()));
        return "/cameras/" + cameraId;
    }

    public static String sensorSource(String sensorId) {
        return "/sensors/" + sensorId;
    }
}
