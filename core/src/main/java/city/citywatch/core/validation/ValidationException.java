package city.citywatch.core.validation;

/**
 * Input that breaks a rule of the domain. {@code field} is the path of the offending value as the
 * client or operator wrote it (e.g. {@code zones[0].polygon[2]} or {@code kafka.bootstrapServers}), so the
 * message can be acted on without reading code.
 */
public class ValidationException extends RuntimeException {
    private final String field;

    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    /** The same problem, seen from a containing object: {@code polygon[1]} becomes {@code zones[0].polygon[1]}. */
    public ValidationException under(String parent) {
        return new ValidationException(parent + (field.startsWith("[") ? "" : ".") + field, reason());
    }
}
