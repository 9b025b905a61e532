package city.citywatch.ingest.rtsp;

/**
 * A classified failure to open or keep a camera's stream. {@link #reason()} is what the camera's status shows.
 * It never chains the library exception that caused it: JavaCV's messages hold the camera's URL with user and
 * password, and a chained cause ends up in logs and API answers. Only the cause's class name is kept.
 */
public class ConnectionFailure extends Exception {
    private final FailureKind kind;
    private final String detail;
    private final String causeType;

    public ConnectionFailure(FailureKind kind, String detail) {
        this(kind, detail, null);
    }

    /** @param cause what FFmpeg or JavaCV threw; only its class name is kept, see the class comment */
    public ConnectionFailure(FailureKind kind, String detail, Throwable cause) {
        super(kind.wireName() + ": " + detail);
        this.kind = kind;
        this.detail = detail;
        this.causeType = cause == null ? null : cause.getClass().getName();
    }

    public FailureKind kind() {
        return kind;
    }

    public String detail() {
        return detail;
    }

    /** Class name of the library exception behind this failure, or null. */
    public String causeType() {
        return causeType;
    }

    /** {@code "<kind>: <detail>"}, e.g. {@code "stream_not_found: the camera has no stream at /highway (RTSP 404)"}. */
    public String reason() {
        return getMessage();
    }
}
