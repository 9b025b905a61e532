package city.citywatch.analytics.event;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Polygon;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event lifecycle of the debris and crowd rules' verdicts: same evidence, throttling and retries as parking's. */
class RuleVerdictEventsTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Zone ROAD = new Zone("r1", "cam-1", "carriageway", ZoneKind.ROADWAY,
            Polygon.of(0, 0, 1, 0, 1, 1, 0, 1), Duration.ofSeconds(10), Severity.HIGH, "road-maintenance");
    private static final BoundingBox BOX = new BoundingBox(100, 120, 140, 150);

    private final List<EventChange> changes = new ArrayList<>();
    private final List<EvidenceRequest> evidence = new ArrayList<>();
    private boolean storeDown;
    private final EventEngine engine = new EventEngine(new CameraRef("cam-1", "Bridge", new GeoLocation(30.6, 104.1, "S2")),
            EventEngineSettings.defaults(), c -> {
                if (storeDown) throw new IllegalStateException("database down");
                changes.add(c);
            }, evidence::add);

    private static RuleVerdict debris(RuleVerdict.Kind kind, double seconds, String caption) {
        return new RuleVerdict(kind, EventKind.DEBRIS, "debris-1", ROAD,
                List.of(new EventObject(1, "object", BOX, 10 + seconds)), List.of(BOX), 0.9, caption,
                T0.plusMillis((long) (seconds * 1000)));
    }

    private static VideoFrame frame() {
        byte[] bgr = new byte[320 * 240 * 3];
        Arrays.fill(bgr, (byte) 90);
        return new VideoFrame("cam-1", T0, 0, 320, 240, bgr);
    }

    @Test
    void oneEventPerSituationWithSnapshotThrottledUpdatesAndAClose() throws Exception {
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.OPEN, 0, "object still for 10 s")));
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.OPEN, 0.5, "again")));
        for (int s = 1; s <= 40; s++) engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.UPDATE, s, null)));
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.CLOSE, 41, "object removed")));

        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.UPDATED,
                Transition.CLOSED);
        EventChange open = changes.getFirst();
        assertThat(open.event().kind()).isEqualTo(EventKind.DEBRIS);
        assertThat(open.event().department()).isEqualTo("road-maintenance");
        assertThat(open.note()).isEqualTo("object still for 10 s in zone carriageway");
        assertThat(changes.getLast().event().endedAt()).isEqualTo(T0.plusSeconds(41));
        assertThat(changes.getLast().note()).isEqualTo("object removed");
        assertThat(changes).allMatch(c -> c.event().id().equals(open.event().id()));
        assertThat(evidence).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(open.event().id());
            assertThat(r.snapshotKey()).isEqualTo(open.event().evidence().snapshotKey());
            var img = ImageIO.read(new ByteArrayInputStream(r.snapshotJpeg()));
            // the box is drawn in red on the grey frame
            int rgb = img.getRGB(97, 135);
            assertThat((rgb >> 16) & 0xff).isGreaterThan(180);
            assertThat(rgb & 0xff).isLessThan(90);
        });
        assertThat(engine.openCount()).isZero();
    }

    @Test
    void aCaptionedUpdateGoesOutAtOnce() {
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.OPEN, 0, "crowd")));
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.UPDATE, 1, "gathering fast: 4 to 8 persons in 3 s")));
        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.UPDATED);
        assertThat(changes.getLast().note()).startsWith("gathering fast");
    }

    @Test
    void aRefusedChangeIsSentAgainAndEvidenceIsRequestedAllTheSame() {
        storeDown = true;
        assertThatThrownBy(() -> engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.OPEN, 0, "object"))))
                .hasMessageContaining("database down");
        assertThat(evidence).hasSize(1);
        storeDown = false;
        engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.UPDATE, 1, null)));
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.transition()).isEqualTo(Transition.OPENED));
        storeDown = true;
        assertThatThrownBy(() -> engine.onRuleVerdicts(frame(), List.of(debris(RuleVerdict.Kind.CLOSE, 2, "removed"))))
                .hasMessageContaining("database down");
        storeDown = false;
        engine.onRuleVerdicts(frame(), List.of());
        assertThat(changes).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.CLOSED);
        assertThat(engine.openCount()).isZero();
    }
}
