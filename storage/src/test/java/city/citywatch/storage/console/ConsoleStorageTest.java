package city.citywatch.storage.console;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Transition;
import city.citywatch.storage.audit.AuditEntry;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.event.EventStatistics;
import city.citywatch.storage.suppression.Suppression;
import city.citywatch.storage.suppression.SuppressionRepository;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static city.citywatch.storage.testing.Fixtures.T0;
import static city.citywatch.storage.testing.Fixtures.event;
import static city.citywatch.storage.testing.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's tables (V9) on H2 and PostgreSQL: suppressions, the audit log, counts per day, and a false alarm
 *  stored together with its suppression or not at all. */
class ConsoleStorageTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void suppressionsAreActiveUntilTheyEndOrAreDeleted(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            SuppressionRepository repo = new SuppressionRepository(t.db());
            Suppression timed = new Suppression(UUID.randomUUID(), "cam-1", "kerb", EventKind.ILLEGAL_PARKING, "officer",
                    T0, T0.plusSeconds(3600), "police car", null);
            Suppression forever = new Suppression(UUID.randomUUID(), "cam-1", "gate", EventKind.DEBRIS, "admin",
                    T0.plusSeconds(1), null, null, null);
            repo.add(timed);
            repo.add(forever);
            assertThat(repo.activeFor("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(10))).contains(timed);
            assertThat(repo.activeFor("cam-1", "kerb", EventKind.DEBRIS, T0.plusSeconds(10))).isEmpty();
            assertThat(repo.activeFor("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(3600))).isEmpty();
            assertThat(repo.active(T0.plusSeconds(10))).containsExactly(forever, timed);
            assertThat(repo.active(T0.plusSeconds(7200))).containsExactly(forever);
            assertThat(repo.delete(forever.id())).isTrue();
            assertThat(repo.delete(forever.id())).isFalse();
            assertThat(repo.find(timed.id())).contains(timed);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFalseAlarmAndItsSuppressionAreStoredTogetherOrNotAtAll(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository events = new EventRepository(t.db());
            SuppressionRepository repo = new SuppressionRepository(t.db());
            Event e = events.record(opened(event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0))).event();
            Suppression s = new Suppression(UUID.randomUUID(), "cam-1", "kerb", EventKind.ILLEGAL_PARKING, "officer",
                    T0.plusSeconds(5), null, "always there", e.id());
            Event fa = e.withState(EventState.FALSE_ALARM, T0.plusSeconds(5));
            // the suppression fails (same id twice): the false alarm is not stored either
            repo.add(s);
            assertThatThrownBy(() -> events.record(new EventChange(fa, Transition.FALSE_ALARM, "officer", T0.plusSeconds(5), null),
                    c -> {
                        SuppressionRepository.insert(c, s);
                        return null;
                    }));
            assertThat(events.find(e.id()).orElseThrow().state()).isEqualTo(EventState.OPEN);
            assertThat(events.history(e.id())).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theAuditLogAnswersNewestFirstFiltered(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            AuditLog log = new AuditLog(t.db());
            log.append(T0, "police", "view_clip", "events/1", "clips/a.mp4");
            log.append(T0.plusSeconds(1), "officer", "view_live", "cameras/c1", null);
            log.append(T0.plusSeconds(2), "police", "view_live", "cameras/c1", null);
            List<AuditEntry> police = log.query("police", null, null, null, 10);
            assertThat(police).extracting(AuditEntry::action).containsExactly("view_live", "view_clip");
            assertThat(log.query(null, "view_live", T0.plusSeconds(1), T0.plusSeconds(2), 10)).extracting(AuditEntry::actor)
                    .containsExactly("officer");
            assertThat(log.query(null, null, null, null, 1)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void countsPerKindAndLocalDay(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository events = new EventRepository(t.db());
            // T0 is 08:30 UTC: 16:30 in Shanghai; +10 h is the next Shanghai day, still the same UTC day
            events.record(opened(event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0)));
            events.record(opened(event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(10 * 3600))));
            events.record(opened(event("cam-1", "lane", EventKind.DEBRIS, T0.plusSeconds(60))));
            var counts = new EventStatistics(t.db()).count(T0.minusSeconds(86_400), T0.plusSeconds(86_400), ZoneId.of("Asia/Shanghai"));
            assertThat(counts.byKind()).containsEntry(EventKind.ILLEGAL_PARKING, 2L).containsEntry(EventKind.DEBRIS, 1L);
            LocalDate day = LocalDate.of(2025, 3, 14);
            assertThat(counts.byDay().get(day)).containsEntry(EventKind.ILLEGAL_PARKING, 1L).containsEntry(EventKind.DEBRIS, 1L);
            assertThat(counts.byDay().get(day.plusDays(1))).containsEntry(EventKind.ILLEGAL_PARKING, 1L);
        }
    }
}
