package city.citywatch.core.event;

/** CloudEvents attribute values of the event contract (DESIGN.md, "Contracts"). */
public final class EventTypes {
    public static final String ALL_EVENTS_TOPIC = "citywatch.events";
    public static final String CAMERA_HEALTH_TOPIC = "citywatch.camera-health";
    public static final String DISPATCH_TOPIC_PREFIX = "citywatch.dispatch.";

    private EventTypes() {
    }

    public static String type(EventKind kind, Transition transition) {
        return "city.citywatch." + kind.wireName() + "." + transition.wireName();
    }

    public static String source(String cameraId) {
        return "/cameras/" + cameraId;
    }
}
