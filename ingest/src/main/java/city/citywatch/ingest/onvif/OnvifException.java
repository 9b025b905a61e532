package city.citywatch.ingest.onvif;

/**
 * An ONVIF step that failed. The message names the step and the device (host:port, never credentials),
 * e.g. {@code GetStreamUri failed: SOAP fault ter:NotAuthorized (Sender not Authorized)} or
 * {@code device 10.0.0.5:80 unreachable at GetSystemDateAndTime: Connection refused}.
 */
public final class OnvifException extends RuntimeException {
    /** What went wrong, so callers can map it (an API answers 504 for {@link #UNREACHABLE}, 502 otherwise). */
    public enum Kind { UNREACHABLE, TIMEOUT, NOT_AUTHORIZED, FAULT, BAD_RESPONSE }

    private final String step;
    private final Kind kind;

    public OnvifException(String step, Kind kind, String message) {
        super(message, null, false, false);
        this.step = step;
        this.kind = kind;
    }

    public String step() {
        return step;
    }

    public Kind kind() {
        return kind;
    }
}
