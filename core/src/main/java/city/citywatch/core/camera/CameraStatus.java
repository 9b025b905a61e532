package city.citywatch.core.camera;

import java.time.Instant;

/**
 * What an operator needs to know about a camera's stream right now.
 *
 * @param reason      why it is OFFLINE (or what CONNECTING last failed on); null when ONLINE
 * @param since       when the current state began
 * @param lastFrameAt when the last packet arrived; null if none yet
 */
public record CameraStatus(String cameraId, CameraState state, String reason, Instant since, Instant lastFrameAt,
                           int reconnects) {
    private static final java.util.regex.Pattern FAILURE = java.util.regex.Pattern.compile("^([a-z_]+): ");

    /**
     * The failure class that starts {@link #reason()} ({@code unreachable}, {@code timeout}, {@code auth_refused},
     * {@code stream_not_found}, {@code unsupported_codec}, {@code stream_lost}, {@code no_video},
     * {@code protocol_error}, or {@code stopped} for a camera this node stopped pulling); null when ONLINE.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("failure")
    public String failure() {
        if (reason == null || state == CameraState.ONLINE) return null;
        java.util.regex.Matcher m = FAILURE.matcher(reason);
        return m.find() ? m.group(1) : null;
    }

    public static CameraStatus connecting(String cameraId, Instant now) {
        return new CameraStatus(cameraId, CameraState.CONNECTING, null, now, null, 0);
    }
}
