package city.citywatch.api.http.error;

/**
 * A request the API refuses or cannot serve, with everything the error body needs. Thrown by handlers
 * (on the event loop or on the blocking pool) and turned into a response by {@link FailureHandler}.
 *
 * @param field JSON path of the offending body value or name of the offending parameter; null if none
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_request", field == null ? message : field + ": " + message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
