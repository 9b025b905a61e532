package city.citywatch.ingest.rtsp;

/** A classified failure to open or keep a camera's stream. {@link #reason()} is what the camera's status shows. */
public class ConnectionFailure extends Exception {
    private final FailureKind kind;
    private final String detail;

    public ConnectionFailure(FailureKind kind, String detail) {
        this(kind, detail, null);
    }

    public ConnectionFailure(FailureKind kind, String detail, Throwable cause) {
        super(kind.wireName() + ": " + detail, cause);
        this.kind = kind;
        this.detail = detail;
    }

    public FailureKind kind() {
        return kind;
    }

    public String detail() {
        return detail;
    }

    /** {@code "<kind>: <detail>"}, e.g. {@code "stream_not_found: the camera has no stream at /highway (RTSP 404)"}. */
    public String reason() {
        return getMessage();
    }
}
