package city.citywatch.analytics.detect;

import city.citywatch.core.video.VideoFrame;

/**
 * The part of a frame one network pass looks at: the whole frame, or a focus crop that is upscaled to the network
 * input. Coordinates in frame pixels.
 */
public record ImageRegion(VideoFrame frame, int x, int y, int width, int height) {
    public ImageRegion {
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > frame.width() || y + height > frame.height()) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + width + "x" + height
                    + " is not inside the " + frame.width() + "x" + frame.height() + " frame");
        }
    }

    public static ImageRegion whole(VideoFrame frame) {
        return new ImageRegion(frame, 0, 0, frame.width(), frame.height());
    }

    public boolean isWholeFrame() {
        return x == 0 && y == 0 && width == frame.width() && height == frame.height();
    }
}
