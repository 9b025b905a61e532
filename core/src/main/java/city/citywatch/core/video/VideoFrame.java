package city.citywatch.core.video;

import java.time.Instant;

/**
 * One decoded picture handed from ingest to analytics.
 *
 * @param capturedAt wall-clock time the frame's packet arrived; rules measure dwell on this clock
 * @param ptsMicros  the stream's presentation time, for correlating with clips
 * @param bgr        packed BGR24 pixels, row-major, {@code width * height * 3} bytes, owned by the receiver
 * @param detectorPlane the same picture already scaled to the detector's input by the decoder, or null (then the
 *                   detector resamples {@code bgr} itself); never a different picture than {@code bgr}
 */
public record VideoFrame(String cameraId, Instant capturedAt, long ptsMicros, int width, int height, byte[] bgr,
                         ScaledPlane detectorPlane) {
    public VideoFrame {
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("bgr has " + bgr.length + " bytes, expected " + width * height * 3);
        }
    }

    /** A frame without a pre-scaled detector plane. */
    public VideoFrame(String cameraId, Instant capturedAt, long ptsMicros, int width, int height, byte[] bgr) {
        this(cameraId, capturedAt, ptsMicros, width, height, bgr, null);
    }
}
