package city.citywatch.api.kafka;

import city.citywatch.core.event.EventTypes;
import city.citywatch.core.validation.ValidationException;
import java.util.List;
import java.util.regex.Pattern;

/** The topics of the event contract (DESIGN.md, "Contracts") and Kafka's rule for topic names. */
public final class TopicNames {
    public static final String EVENTS = EventTypes.ALL_EVENTS_TOPIC;
    public static final String CAMERA_HEALTH = EventTypes.CAMERA_HEALTH_TOPIC;
    public static final String SENSORS = "citywatch.sensors";

    /** Created at start; dispatch topics are created when the first event for a department is published. */
    public static final List<String> STANDARD = List.of(EVENTS, CAMERA_HEALTH, SENSORS);

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private TopicNames() {
    }

    /** {@code citywatch.dispatch.<department>}; the department must be usable in a topic name. */
    public static String dispatch(String department) {
        if (department == null || department.isBlank()) {
            throw new ValidationException("department", "must not be empty");
        }
        String topic = EventTypes.DISPATCH_TOPIC_PREFIX + department;
        if (!isLegal(topic)) {
            throw new ValidationException("department", "'" + department
                    + "' cannot be part of a Kafka topic name: use letters, digits, '.', '_' or '-' only");
        }
        return topic;
    }

    public static boolean isLegal(String topic) {
        return topic != null && LEGAL.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }

    /** Throws a {@link ValidationException} naming {@code field} if {@code topic} is not a legal topic name. */
    public static String requireLegal(String field, String topic) {
        if (!isLegal(topic)) {
            throw new ValidationException(field, "'" + topic + "' is not a legal Kafka topic name (1 to 249 of "
                    + "letters, digits, '.', '_', '-')");
        }
        return topic;
    }
}
