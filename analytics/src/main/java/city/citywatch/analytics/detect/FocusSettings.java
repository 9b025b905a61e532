package city.citywatch.analytics.detect;

import city.citywatch.core.validation.ValidationException;

/**
 * Zone-focused inference: besides the full frame, the detector also looks at tiles covering the bounding rectangle of
 * the camera's zones, each upscaled to the network input. A 416x416 network sees a 640x540 frame at 0.65x, where a
 * far-away car of 16x20 px is 10x13 px and is missed; a 128 px tile shows it at 3.25x.
 *
 * @param enabled  whether to run the extra tiles at all (each costs one more inference)
 * @param marginPx the zones' rectangle is grown by this much on every side, so vehicles standing in a zone are
 *                 cropped whole (their box reaches above the ground point)
 * @param tilePx   tiles are at most this wide and high (frame pixels): smaller = more magnification, more tiles
 * @param maxTiles never more tiles than this per frame; larger tiles are used instead
 */
public record FocusSettings(boolean enabled, int marginPx, int tilePx, int maxTiles) {
    public FocusSettings {
        if (marginPx < 0) throw new ValidationException("focus.marginPx", "must be >= 0, got " + marginPx);
        if (tilePx < 32) throw new ValidationException("focus.tilePx", "must be >= 32, got " + tilePx);
        if (maxTiles < 1) throw new ValidationException("focus.maxTiles", "must be >= 1, got " + maxTiles);
    }

    public static FocusSettings defaults() {
        return new FocusSettings(true, 32, 128, 8);
    }

    public static FocusSettings off() {
        return new FocusSettings(false, 32, 128, 8);
    }
}
