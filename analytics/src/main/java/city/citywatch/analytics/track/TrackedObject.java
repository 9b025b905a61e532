package city.citywatch.analytics.track;

import city.citywatch.core.detection.BoundingBox;

import java.time.Instant;

/**
 * A track as the rules see it after one frame.
 *
 * @param box        last observed box (frame pixels); for a track not seen in this frame, where it was last seen
 * @param visible    matched to a detection in this frame
 * @param stationary its centre has stayed still (within the tracker's tolerance) for at least two observations
 * @param hits       number of frames it was matched in
 */
public record TrackedObject(long trackId, BoundingBox box, int classId, String label, double score,
                            double meanScore, int hits, boolean visible, boolean stationary, Instant firstSeen,
                            Instant lastSeen) {
}
