package city.citywatch.analytics.detect;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;

import java.util.List;
import java.util.Objects;

/**
 * A frame to run the detector on, and optional focus regions (frame pixels) that are also cropped and upscaled to
 * the network input so that small objects in them are found.
 */
public record DetectionRequest(VideoFrame frame, List<BoundingBox> focusRegions) {
    public DetectionRequest {
        Objects.requireNonNull(frame, "frame");
        focusRegions = focusRegions == null ? List.of() : List.copyOf(focusRegions);
    }

    public static DetectionRequest fullFrame(VideoFrame frame) {
        return new DetectionRequest(frame, List.of());
    }
}
