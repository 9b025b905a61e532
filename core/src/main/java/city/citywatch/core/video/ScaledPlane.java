package city.citywatch.core.video;

/**
 * The whole frame scaled by the decoder to a detector's input size, in the same swscale step that produced the
 * full-resolution picture: the detector's full-frame pass reads it instead of resampling the big frame in Java.
 *
 * @param bgr packed BGR24 pixels, row-major, {@code width * height * 3} bytes
 */
public record ScaledPlane(int width, int height, byte[] bgr) {
    public ScaledPlane {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("plane size must be positive, got " + width + "x" + height);
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("plane has " + bgr.length + " bytes, expected " + width * height * 3);
        }
    }
}
