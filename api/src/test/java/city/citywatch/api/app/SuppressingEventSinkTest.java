package city.citywatch.api.app;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.Transition;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.suppression.Suppression;
import city.citywatch.storage.suppression.SuppressionRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static city.citywatch.storage.testing.Fixtures.T0;
import static city.citywatch.storage.testing.Fixtures.event;
import static city.citywatch.storage.testing.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A false alarm's zone suppression honoured where events enter storage: while it is active, a new event of that
 * zone and kind is not raised (nor its updates and close); other zones, other kinds and times after it ends are.
 */
class SuppressingEventSinkTest {

    @Test
    void newEventsOfASuppressedZoneAreNotRaisedWhileTheSuppressionLasts(@TempDir Path dir) {
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("db")))) {
            EventRepository events = new EventRepository(db);
            SuppressionRepository suppressions = new SuppressionRepository(db);
            SuppressingEventSink sink = new SuppressingEventSink(new StoringEventSink(events, () -> { }), suppressions);
            suppressions.add(new Suppression(UUID.randomUUID(), "cam-1", "kerb", EventKind.ILLEGAL_PARKING, "officer",
                    T0.minusSeconds(60), T0.plusSeconds(3600), "police car, always there", null));

            Event suppressed = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(10));
            sink.accept(opened(suppressed));
            Event later = suppressed.withObjects(suppressed.objects(), 0.9, T0.plusSeconds(40));
            sink.accept(new EventChange(later, Transition.UPDATED, "system", T0.plusSeconds(40), null));
            sink.accept(new EventChange(later.ended(T0.plusSeconds(70)), Transition.CLOSED, "system", T0.plusSeconds(70), null));
            assertThat(events.find(suppressed.id())).as("not raised, not stored by a later change either").isEmpty();

            Event otherZone = event("cam-1", "gate", EventKind.ILLEGAL_PARKING, T0.plusSeconds(10));
            Event otherKind = event("cam-1", "kerb", EventKind.DEBRIS, T0.plusSeconds(10));
            Event afterwards = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(3700));
            for (Event e : new Event[]{otherZone, otherKind, afterwards}) {
                sink.accept(opened(e));
                assertThat(events.find(e.id())).as("%s %s at %s", e.zoneId(), e.kind(), e.startedAt()).isPresent();
            }
        }
    }
}
