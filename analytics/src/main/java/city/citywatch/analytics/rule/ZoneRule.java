package city.citywatch.analytics.rule;

import city.citywatch.core.zone.Zone;

import java.util.Collection;
import java.util.List;

/**
 * A rule that runs on one kind of zone, and the frame rate it needs to judge it. Decoding is what a camera costs,
 * so a camera decodes at the highest rate among the rules of its zones, and not more (DESIGN.md: parking and
 * flooding about 1 frame/s, crowds 1-2, debris 2-5); at or below the stream's key-frame rate it decodes key frames
 * only.
 */
public interface ZoneRule {
    /** Whether this rule judges {@code zone} (by its kind). */
    boolean appliesTo(Zone zone);

    /** Frames per second this rule needs on a camera that has one of its zones. */
    double framesPerSecond();

    /** The highest rate any of {@code rules} needs on a camera with {@code zones}; 0 if none applies. */
    static double requiredFps(Collection<? extends ZoneRule> rules, List<Zone> zones) {
        double fps = 0;
        for (ZoneRule r : rules) {
            if (zones.stream().anyMatch(r::appliesTo)) fps = Math.max(fps, r.framesPerSecond());
        }
        return fps;
    }
}
