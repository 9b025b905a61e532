package city.citywatch.analytics.detect;

import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.VideoFrame;

import java.util.List;
import java.util.Optional;

/**
 * Finds objects in frames. Implementations are thread-safe: any number of camera threads may call them at once
 * (each call borrows its own inference session handle). {@link #close()} releases the model; calls after it fail.
 */
public interface Detector extends AutoCloseable {

    /** Full-frame detection; boxes in frame pixels, after NMS. */
    default List<Detection> detect(VideoFrame frame) {
        return detect(DetectionRequest.fullFrame(frame));
    }

    /** Full frame plus the request's focus regions (upscaled crops), merged and NMS'ed together. */
    List<Detection> detect(DetectionRequest request);

    /**
     * Several frames (typically one per camera) in one call, results in request order. The staged ONNX graphs have a
     * fixed batch of 1, so this saves the per-call overhead, not the per-image inference.
     */
    List<List<Detection>> detectBatch(List<DetectionRequest> requests);

    /** The model's manifest name, e.g. {@code picodet-s-416-coco}. */
    String modelName();

    /**
     * The size the full-frame pass scales a frame to, for a decoder to deliver that plane ready-made
     * ({@link VideoFrame#detectorPlane()}); empty if this detector has no use for one.
     */
    default Optional<DetectorInputSize> wholeFrameInput() {
        return Optional.empty();
    }

    @Override
    void close();
}
