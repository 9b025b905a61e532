package city.citywatch.core.video;

/**
 * What a detector's full-frame pass scales the frame to: stretched to {@code width x height}, or (letterbox)
 * fitted inside it with the aspect ratio kept. Declared by the detector, honoured by the decoder, so both compute
 * the same plane size from the same formula.
 */
public record DetectorInputSize(int width, int height, boolean keepAspect) {
    public DetectorInputSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("detector input size must be positive, got " + width + "x" + height);
        }
    }

    /** Scale factor of a letterbox fit of a {@code frameWidth x frameHeight} frame. */
    public double fitScale(int frameWidth, int frameHeight) {
        return Math.min((double) width / frameWidth, (double) height / frameHeight);
    }

    /** Width of the scaled frame inside the input. */
    public int scaledWidth(int frameWidth, int frameHeight) {
        if (!keepAspect) return width;
        return Math.max(1, Math.min(width, (int) Math.round(frameWidth * fitScale(frameWidth, frameHeight))));
    }

    /** Height of the scaled frame inside the input. */
    public int scaledHeight(int frameWidth, int frameHeight) {
        if (!keepAspect) return height;
        return Math.max(1, Math.min(height, (int) Math.round(frameHeight * fitScale(frameWidth, frameHeight))));
    }
}
