package city.citywatch.ingest.rtsp;

/**
 * Why a camera is not delivering video, in the terms an operator acts on. The wire name starts the reason
 * text of the camera's status (e.g. {@code "auth_refused: ..."}), so clients can group cameras by it.
 */
public enum FailureKind {
    /** Nothing answers at the address: connection refused, host unknown or unreachable. Check network, power. */
    UNREACHABLE,
    /** The camera accepted the connection but stopped answering within the socket timeout. */
    TIMEOUT,
    /** The camera refused the credentials (RTSP 401/403). Check user and password in the camera's URL. */
    AUTH_REFUSED,
    /** The camera has no stream at this path (RTSP 404). Check the URL's path. */
    STREAM_NOT_FOUND,
    /** The stream is not H.264 or H.265. Change the camera's encoder settings. */
    UNSUPPORTED_CODEC,
    /** The stream was open and ended or broke (camera rebooted, network cut). */
    STREAM_LOST,
    /** The session stayed open but no video arrived for the watchdog's time. */
    NO_VIDEO,
    /** The camera answered with something that is not a usable RTSP stream. */
    PROTOCOL_ERROR;

    public String wireName() {
        return name().toLowerCase();
    }
}
