package city.citywatch.storage.event;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Transition;
import city.citywatch.core.json.Json;
import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.ConflictException;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.NotFoundException;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static city.citywatch.storage.testing.Fixtures.T0;
import static city.citywatch.storage.testing.Fixtures.event;
import static city.citywatch.storage.testing.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRepositoryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recordStoresTheEventItsTransitionAndOneCloudEventPerTopic(Engine engine) throws Exception {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event e = event("cam-7", "kerb", EventKind.ILLEGAL_PARKING, T0);

            EventChange recorded = repo.record(opened(e));

            assertThat(recorded.event()).isEqualTo(e);
            assertThat(repo.find(e.id())).contains(e);
            assertThat(repo.history(e.id())).containsExactly(opened(e));
            List<OutboxMessage> out = new JdbcOutboxStore(t.db()).pending(10);
            assertThat(out).extracting(OutboxMessage::topic)
                    .containsExactly("citywatch.events", "citywatch.dispatch.city-management");
            for (OutboxMessage m : out) {
                assertThat(m.ceId()).isEqualTo(out.get(0).ceId());
                assertThat(m.type()).isEqualTo("city.citywatch.illegal_parking.opened");
                assertThat(m.source()).isEqualTo("/cameras/cam-7");
                assertThat(m.subject()).isEqualTo("kerb");
                assertThat(m.key()).isEqualTo("cam-7");
                assertThat(m.time()).isEqualTo(T0);
                assertThat(m.attempts()).isZero();
                EventPayload data = Json.mapper().readValue(m.data(), EventPayload.class);
                assertThat(data).isEqualTo(EventPayload.of(opened(e)));
                assertThat(Json.mapper().readTree(m.data()).get("transition").asText()).isEqualTo("opened");
                assertThat(Json.mapper().readTree(m.data()).get("kind").asText()).isEqualTo("illegal_parking");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cameraHealthGoesToItsOwnTopicOnly(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event e = event("cam-7", null, EventKind.CAMERA_HEALTH, T0);
            repo.record(opened(e));
            List<OutboxMessage> out = new JdbcOutboxStore(t.db()).pending(10);
            assertThat(out).extracting(OutboxMessage::topic).containsExactly("citywatch.camera-health");
            assertThat(out.get(0).type()).isEqualTo("city.citywatch.camera_health.opened");
            assertThat(out.get(0).subject()).isNull();
            assertThat(repo.findOpen("cam-7", null, EventKind.CAMERA_HEALTH)).contains(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cameraHealthKeepsItsFindingInTheRowTheHistoryAndTheCloudEvent(Engine engine) throws Exception {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            HealthFinding dark = new HealthFinding("too_dark", 18.25, 35.0, "mean luma 18.2, too dark below 35.0");
            Event e = event("cam-7", null, EventKind.CAMERA_HEALTH, T0).withHealth(dark, T0);
            repo.record(opened(e));
            Event closed = e.ended(T0.plusSeconds(60));
            repo.record(new EventChange(closed, Transition.CLOSED, "system", T0.plusSeconds(60), "picture good again"));

            assertThat(repo.find(e.id()).orElseThrow().health()).isEqualTo(dark);
            assertThat(repo.history(e.id())).extracting(c -> c.event().health()).containsExactly(dark, dark);
            OutboxMessage m = new JdbcOutboxStore(t.db()).pending(10).getFirst();
            assertThat(Json.mapper().readTree(m.data()).at("/health/finding").asText()).isEqualTo("too_dark");
            assertThat(Json.mapper().readTree(m.data()).at("/health/threshold").asDouble()).isEqualTo(35.0);
            // events of other kinds carry none, and say so
            Event parking = event("cam-7", "kerb", EventKind.ILLEGAL_PARKING, T0);
            assertThat(repo.record(opened(parking)).event().health()).isNull();
            assertThatThrownBy(() -> repo.record(opened(parking.withHealth(dark, T0))))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("event.health:");
            Event badName = event("cam-8", null, EventKind.CAMERA_HEALTH, T0)
                    .withHealth(new HealthFinding("Too Dark", null, null, null), T0);
            assertThatThrownBy(() -> repo.record(opened(badName)))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("event.health.finding:");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailureMidTransactionLeavesNoTrace(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event e = event("cam-7", "kerb", EventKind.ILLEGAL_PARKING, T0);
            repo.record(opened(e));

            // The same change again (a retry), carrying other values: the event row is updated first, then
            // the transition insert violates a unique constraint, so the update must be rolled back too.
            Event changed = e.withObjects(List.of(), 0.11, T0.plusSeconds(1));
            assertThatThrownBy(() -> repo.record(new EventChange(changed, Transition.OPENED, "system", T0, null)))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(e.id().toString()).hasMessageContaining("already recorded");

            assertThat(repo.find(e.id())).contains(e);
            assertThat(t.count("events")).isEqualTo(1);
            assertThat(t.count("event_transitions")).isEqualTo(1);
            assertThat(t.count("outbox")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void workflowStepsAreRecordedWithWhoAndWhenAndNeverGoBack(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            JdbcOutboxStore outbox = new JdbcOutboxStore(t.db());
            Event e = event("cam-7", "kerb", EventKind.ILLEGAL_PARKING, T0);
            repo.record(opened(e));

            Instant ackAt = T0.plusSeconds(30);
            repo.record(new EventChange(e.withState(EventState.ACKNOWLEDGED, ackAt), Transition.ACKNOWLEDGED,
                    "officer.li", ackAt, "on my way"));
            // The engine still holds its copy with state OPEN: its update must not undo the acknowledgement.
            List<EventObject> moved = List.of(new EventObject(17, "car", new BoundingBox(110, 200, 350, 380), 160));
            Instant updAt = T0.plusSeconds(60);
            EventChange update = repo.record(new EventChange(e.withObjects(moved, 0.93, updAt), Transition.UPDATED,
                    "system", updAt, null));
            assertThat(update.event().state()).isEqualTo(EventState.ACKNOWLEDGED);
            Event stored = repo.find(e.id()).orElseThrow();
            assertThat(stored.state()).isEqualTo(EventState.ACKNOWLEDGED);
            assertThat(stored.objects()).isEqualTo(moved);
            assertThat(stored.confidence()).isEqualTo(0.93);

            Instant resolvedAt = T0.plusSeconds(600);
            repo.record(new EventChange(stored.withState(EventState.RESOLVED, resolvedAt), Transition.RESOLVED,
                    "officer.wang", resolvedAt, "towed"));
            long outboxBefore = t.count("outbox");
            Instant lateAt = T0.plusSeconds(700);
            assertThatThrownBy(() -> repo.record(new EventChange(stored.withState(EventState.FALSE_ALARM, lateAt),
                    Transition.FALSE_ALARM, "officer.li", lateAt, null)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already resolved");
            assertThat(t.count("outbox")).isEqualTo(outboxBefore);

            List<EventChange> history = repo.history(e.id());
            assertThat(history).extracting(EventChange::transition).containsExactly(
                    Transition.OPENED, Transition.ACKNOWLEDGED, Transition.UPDATED, Transition.RESOLVED);
            assertThat(history).extracting(EventChange::actor).containsExactly("system", "officer.li", "system", "officer.wang");
            assertThat(history.get(1).at()).isEqualTo(ackAt);
            assertThat(history.get(1).note()).isEqualTo("on my way");
            assertThat(history.get(3).event().state()).isEqualTo(EventState.RESOLVED);
            assertThat(history.get(3).event().objects()).isEqualTo(moved);
            assertThat(outbox.pending(100)).extracting(OutboxMessage::type).containsExactly(
                    "city.citywatch.illegal_parking.opened", "city.citywatch.illegal_parking.opened",
                    "city.citywatch.illegal_parking.acknowledged", "city.citywatch.illegal_parking.acknowledged",
                    "city.citywatch.illegal_parking.updated", "city.citywatch.illegal_parking.updated",
                    "city.citywatch.illegal_parking.resolved", "city.citywatch.illegal_parking.resolved");

            Event ghost = event("cam-7", "kerb", EventKind.ILLEGAL_PARKING, T0).withState(EventState.ACKNOWLEDGED, T0);
            assertThatThrownBy(() -> repo.record(new EventChange(ghost, Transition.ACKNOWLEDGED, "officer.li", T0, null)))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.id().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void incompleteChangesAreRefusedNamingTheField(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event e = event("cam-7", "kerb", EventKind.DEBRIS, T0);
            Event noDepartment = new Event(e.id(), e.kind(), e.state(), e.severity(), e.confidence(), e.camera(), e.zoneId(),
                    null, e.startedAt(), null, e.objects(), e.evidence(), e.updatedAt());
            assertThatThrownBy(() -> repo.record(opened(noDepartment)))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("event.department");
            assertThatThrownBy(() -> repo.record(new EventChange(e, Transition.OPENED, " ", T0, null)))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("actor");
            assertThatThrownBy(() -> repo.record(new EventChange(e, Transition.DISPATCHED, "officer.li", T0, null)))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("event.state");
            assertThat(t.count("events") + t.count("event_transitions") + t.count("outbox")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void findOpenFindsTheSituationStillGoingOn(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event ended = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0);
            repo.record(opened(ended));
            repo.record(new EventChange(ended.ended(T0.plusSeconds(100)), Transition.CLOSED, "system", T0.plusSeconds(100), null));
            assertThat(repo.findOpen("cam-1", "kerb", EventKind.ILLEGAL_PARKING)).isEmpty();

            Event ongoing = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(200));
            repo.record(opened(ongoing));
            repo.record(opened(event("cam-1", "lane", EventKind.ILLEGAL_PARKING, T0.plusSeconds(300))));
            repo.record(opened(event("cam-1", "kerb", EventKind.DEBRIS, T0.plusSeconds(300))));
            assertThat(repo.findOpen("cam-1", "kerb", EventKind.ILLEGAL_PARKING)).contains(ongoing);
            assertThat(repo.findOpen("cam-2", "kerb", EventKind.ILLEGAL_PARKING)).isEmpty();
            assertThat(repo.ongoing("cam-1", EventKind.ILLEGAL_PARKING)).extracting(Event::zoneId).containsExactly("kerb", "lane");
            assertThat(repo.ongoing("cam-2", EventKind.ILLEGAL_PARKING)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void queryFiltersByCameraKindStateAndTime(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Event a = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0);
            Event b = event("cam-1", "lane", EventKind.DEBRIS, T0.plusSeconds(10));
            Event c = event("cam-2", "kerb", EventKind.ILLEGAL_PARKING, T0.plusSeconds(20));
            Event d = event("cam-2", "square", EventKind.CROWD, T0.plusSeconds(30));
            for (Event e : List.of(a, b, c, d)) repo.record(opened(e));
            repo.record(new EventChange(c.withState(EventState.DISPATCHED, T0.plusSeconds(40)), Transition.DISPATCHED,
                    "officer.li", T0.plusSeconds(40), null));

            assertThat(ids(repo.query(EventQuery.latest(50)))).containsExactly(d.id(), c.id(), b.id(), a.id());
            assertThat(ids(repo.query(new EventQuery("cam-1", null, null, null, null, null, null)))).containsExactly(b.id(), a.id());
            assertThat(ids(repo.query(new EventQuery(null, EventKind.ILLEGAL_PARKING, null, null, null, null, null))))
                    .containsExactly(c.id(), a.id());
            assertThat(ids(repo.query(new EventQuery(null, null, EventState.DISPATCHED, null, null, null, null))))
                    .containsExactly(c.id());
            assertThat(ids(repo.query(new EventQuery("cam-2", EventKind.CROWD, EventState.OPEN, null, null, null, null))))
                    .containsExactly(d.id());
            // since is inclusive, until exclusive
            assertThat(ids(repo.query(new EventQuery(null, null, null, T0.plusSeconds(10), T0.plusSeconds(30), null, null))))
                    .containsExactly(c.id(), b.id());
            assertThat(repo.query(new EventQuery("cam-9", null, null, null, null, null, null))).isEqualTo(new EventPage(List.of(), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pagesCoverEveryEventOnceEvenWhenStartTimesTie(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            Set<UUID> all = new HashSet<>();
            for (int i = 0; i < 23; i++) {
                // groups of three events share a start time, so ties must be broken by id
                Event e = event("cam-" + (i % 2), "kerb", EventKind.ILLEGAL_PARKING, T0.plusMillis(i / 3 * 1000L));
                repo.record(opened(e));
                all.add(e.id());
            }
            List<Event> seen = new ArrayList<>();
            EventQuery q = EventQuery.latest(5);
            int pages = 0;
            while (true) {
                EventPage page = repo.query(q);
                pages++;
                seen.addAll(page.items());
                if (page.next() == null) break;
                assertThat(page.items()).hasSize(5);
                q = q.after(page.next());
            }
            assertThat(pages).isEqualTo(5);
            assertThat(seen).extracting(Event::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
            assertThat(seen).isEqualTo(repo.query(EventQuery.latest(500)).items());
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).startedAt()).isBeforeOrEqualTo(seen.get(i - 1).startedAt());
            }

            // filters hold across pages too
            List<Event> cam1 = new ArrayList<>();
            EventQuery q1 = new EventQuery("cam-1", null, null, null, null, 4, null);
            for (EventPage p = repo.query(q1); ; p = repo.query(q1 = q1.after(p.next()))) {
                cam1.addAll(p.items());
                if (p.next() == null) break;
            }
            assertThat(cam1).hasSize(11).allSatisfy(e -> assertThat(e.camera().id()).isEqualTo("cam-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void malformedCursorsAndLimitsAreRefusedNamingTheParameter(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            EventRepository repo = new EventRepository(t.db());
            String garbage = Base64.getUrlEncoder().encodeToString("1|abc|0|not-a-uuid".getBytes());
            for (String cursor : List.of("%%%", "bm90IGEgY3Vyc29y", garbage)) {
                assertThatThrownBy(() -> repo.query(new EventQuery(null, null, null, null, null, 10, cursor)))
                        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("cursor");
            }
            assertThatThrownBy(() -> EventQuery.latest(0)).isInstanceOf(ValidationException.class).extracting("field").isEqualTo("limit");
            assertThatThrownBy(() -> EventQuery.latest(501)).isInstanceOf(ValidationException.class).extracting("field").isEqualTo("limit");
            assertThatThrownBy(() -> new EventQuery(null, null, null, T0, T0, null, null))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("until");
            assertThat(new EventQuery(null, null, null, null, null, null, null).limit()).isEqualTo(EventQuery.DEFAULT_LIMIT);
        }
    }

    private static List<UUID> ids(EventPage page) {
        return page.items().stream().map(Event::id).toList();
    }
}
