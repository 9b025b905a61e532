package city.citywatch.analytics.quality;

import city.citywatch.core.event.Severity;

import java.util.Optional;

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

    /**
     * Whether rules cannot give verdicts on such a picture. A colour cast leaves shapes and positions intact; every
     * other fault hides objects or, for a moved camera, puts the zones in the wrong place.
     */
    public boolean blindsAnalytics() {
        return this != COLOUR_CAST;
    }

    /** Severity of its camera_health event: no picture at all (possibly vandalism) is more urgent than a poor one. */
    public Severity severity() {
        return switch (this) {
            case SIGNAL_LOST, COVERED, SCENE_CHANGED -> Severity.HIGH;
            case COLOUR_CAST -> Severity.LOW;
            default -> Severity.MEDIUM;
        };
    }

    /** The finding of this name, if it is a picture fault (camera_health events may name other findings). */
    public static Optional<Finding> ofWireName(String name) {
        for (Finding f : values()) if (f.wireName().equals(name)) return Optional.of(f);
        return Optional.empty();
    }
}
