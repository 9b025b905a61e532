package city.citywatch.analytics.detect;

import city.citywatch.core.detection.Detection;

import java.util.List;

/** A translator's output for one region: decoded boxes in frame pixels, above the score threshold, before NMS. */
public record Candidates(List<Detection> detections) {
    public Candidates {
        detections = List.copyOf(detections);
    }
}
