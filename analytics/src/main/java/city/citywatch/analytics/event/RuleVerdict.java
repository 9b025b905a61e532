package city.citywatch.analytics.event;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.zone.Zone;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a zone rule other than parking (debris, crowd) concluded about one situation in one frame. The event engine
 * keeps one event per {@code situation}: OPEN once, UPDATE while it lasts, CLOSE when it is over.
 *
 * @param situation the rule's stable id of the situation (one event per id), unique within the camera
 * @param objects   what the event involves now (the debris blob; the persons counted in a crowd)
 * @param evidence  boxes drawn on the snapshot (frame pixels)
 * @param caption   snapshot caption and the reason recorded with the change
 */
public record RuleVerdict(Kind kind, EventKind eventKind, String situation, Zone zone, List<EventObject> objects,
                          List<BoundingBox> evidence, double confidence, String caption, Instant at) {
    public enum Kind { OPEN, UPDATE, CLOSE }

    public RuleVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventKind, "eventKind");
        Objects.requireNonNull(situation, "situation");
        Objects.requireNonNull(zone, "zone");
        objects = objects == null ? List.of() : List.copyOf(objects);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
