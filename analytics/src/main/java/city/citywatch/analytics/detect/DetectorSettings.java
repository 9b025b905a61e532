package city.citywatch.analytics.detect;

import city.citywatch.core.validation.ValidationException;

import java.nio.file.Path;

/**
 * Which detector to load and how to filter its output.
 *
 * @param modelName      a name from {@code models/manifest.json}: {@code picodet-s-416-coco} (default) or
 *                       {@code yolox-nano-coco}
 * @param modelsDir      folder holding the weight files at the manifest's relative paths
 * @param scoreThreshold minimum score a detection must have to be returned
 * @param nmsIou         boxes overlapping a better one of the same group by more than this are dropped
 */
public record DetectorSettings(String modelName, Path modelsDir, double scoreThreshold, double nmsIou) {
    public static final String PICODET = "picodet-s-416-coco";
    public static final String YOLOX = "yolox-nano-coco";
    /**
     * Far below the model cards' 0.35/0.3. A far-away car (16x20 px in 640x540) scores only 0.1-0.4 even in a
     * zone-focus tile, and the tracker's second (ByteTrack) stage uses weak boxes to keep tracks alive. Weak boxes
     * never start tracks, and a rule needs a vehicle to stand still for its dwell time, so transient junk at this
     * threshold does not become an event.
     */
    public static final double DEFAULT_SCORE_THRESHOLD = 0.1;
    /** The model cards' value (PicoDet 0.5, YOLOX 0.45); vehicle classes share one group, see NonMaxSuppression. */
    public static final double DEFAULT_NMS_IOU = 0.5;

    public DetectorSettings {
        if (modelName == null || modelName.isBlank()) modelName = PICODET;
        if (modelsDir == null) throw new ValidationException("detector.modelsDir", "is required (the folder holding the model weights)");
        if (!(scoreThreshold > 0 && scoreThreshold < 1)) {
            throw new ValidationException("detector.scoreThreshold", "must be in (0, 1), got " + scoreThreshold);
        }
        if (!(nmsIou > 0 && nmsIou < 1)) {
            throw new ValidationException("detector.nmsIou", "must be in (0, 1), got " + nmsIou);
        }
    }

    public static DetectorSettings defaults(Path modelsDir) {
        return new DetectorSettings(PICODET, modelsDir, DEFAULT_SCORE_THRESHOLD, DEFAULT_NMS_IOU);
    }

    public static DetectorSettings of(String modelName, Path modelsDir) {
        return new DetectorSettings(modelName, modelsDir, DEFAULT_SCORE_THRESHOLD, YOLOX.equals(modelName) ? 0.45 : 0.5);
    }
}
