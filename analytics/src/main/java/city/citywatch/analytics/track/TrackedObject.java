package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;

/**
 * A track as the rules see it after one frame.
 *
 * @param box        last observed box (frame pixels); for a track not seen in this frame, where it was last seen
 * @param score      detector score of its latest observation
 * @param meanScore  mean detector score over its observations
 * @param visible    matched to a detection in this frame
 */
public record TrackedObject(long trackId, BoundingBox box, int classId, String label, double score,
                            double meanScore, boolean visible) {
}
