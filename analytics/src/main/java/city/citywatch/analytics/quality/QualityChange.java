package city.citywatch.analytics.quality;

import city.citywatch.core.video.VideoFrame;

/**
 * A finding raised (it persisted for {@code raiseAfter} checks) or cleared (good for {@code clearAfter} checks).
 *
 * @param measurement the check that raised or cleared it
 * @param frame       the frame of that check: the evidence of a raised finding
 */
public record QualityChange(Finding finding, boolean raised, Measurement measurement, VideoFrame frame) {
}
