package city.citywatch.analytics.quality;

/**
 * A fault of the picture found by {@link QualityDiagnosis}. The wire name is what a camera_health event states as its
 * finding; camera_health events about the stream itself (offline, back) use other names beside these.
 */
public enum Finding {
    /** the stream runs but carries a uniform "no signal" picture (black, blue, grey) */
    SIGNAL_LOST,
    /** lens covered or blocked: most of the picture flat, without edges */
    COVERED,
    TOO_DARK,
    TOO_BRIGHT,
    /** the same picture again and again while the stream runs */
    FROZEN,
    /** out of focus, or a smeared/fogged lens: far less detail than the camera's own reference */
    BLUR,
    COLOUR_CAST,
    /** camera moved: the picture no longer matches the reference learnt when it was good, so zones no longer fit */
    SCENE_CHANGED;

    public String wireName() {
        return name().toLowerCase();
    }
}
