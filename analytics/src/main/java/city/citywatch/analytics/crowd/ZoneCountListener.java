package city.citywatch.analytics.crowd;

/**
 * Receives every crowd zone's person count after each analysed frame (the application exports them as metrics).
 * Called on the camera's analysis thread: record the number, do not block.
 */
@FunctionalInterface
public interface ZoneCountListener {
    ZoneCountListener NONE = (cameraId, zoneId, persons) -> { };

    void onCount(String cameraId, String zoneId, int persons);
}
