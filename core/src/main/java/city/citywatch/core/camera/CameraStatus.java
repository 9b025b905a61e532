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
    public static CameraStatus connecting(String cameraId, Instant now) {
        return new CameraStatus(cameraId, CameraState.CONNECTING, null, now, null, 0);
    }
}
