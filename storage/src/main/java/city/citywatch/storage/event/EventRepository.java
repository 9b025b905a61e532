package city.citywatch.storage.event;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.json.Json;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.ConflictException;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.NotFoundException;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;
import city.citywatch.storage.db.SqlErrors;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.outbox.NewOutboxMessage;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Events, their history of transitions, and the CloudEvents that announce each change.
 *
 * <p>{@link #record} is the only way in. It stores a change as one transaction: the event row, a
 * transition row, and one outbox row per topic (see {@link EventRouting}), so a change is never stored
 * without being published, nor published without being stored.
 *
 * <p>Two writers touch an event: the event engine (opened, updated, closed) and officers (acknowledged,
 * dispatched, resolved, false alarm). Each owns its part of the row, so neither overwrites the other
 * with a stale copy: a detection-lifecycle change never changes the workflow {@code state}, and a workflow
 * change changes only {@code state} and {@code updatedAt}. What is stored and published is that merge.
 */
public final class EventRepository {
    private static final String DEPARTMENT_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    private static final int MAX_ZONE_ID_LENGTH = 64;
    private static final String HEALTH_FINDING_PATTERN = "[a-z][a-z0-9_]{0,31}";

    private final Database db;

    public EventRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores a change with its transition and outbox rows, atomically. Instants are kept at microsecond
     * precision. The CloudEvent id is derived from (event id, transition, at), shared by all topics of the
     * change, so consumers can de-duplicate across topics and retries.
     *
     * @return the change as stored and published (after the merge described on the class)
     * @throws ValidationException    the change is incomplete or inconsistent (names the field)
     * @throws NotFoundException      a workflow step for an event that is not stored
     * @throws ConflictException      a workflow step the event's current state does not allow
     * @throws DuplicateKeyException  the same change (event, transition, at) is already recorded
     */
    public EventChange record(EventChange change) {
        validate(change);
        Instant at = Jdbc.stored(change.at());
        Event proposed = EventRows.normalise(change.event());
        Optional<EventState> workflowTarget = Workflow.target(change.transition());
        return db.inTransaction("record " + change.transition().wireName() + " of event " + proposed.id(), c -> {
            Optional<Event> stored = selectForUpdate(c, proposed.id());
            Event merged;
            if (stored.isEmpty()) {
                if (workflowTarget.isPresent()) {
                    throw new NotFoundException("event " + proposed.id() + " does not exist, it cannot be "
                            + change.transition().wireName());
                }
                merged = proposed;
                EventRows.insert(c, merged);
            } else {
                Event current = stored.get();
                if (workflowTarget.isPresent()) {
                    Optional<String> refusal = Workflow.refusal(current.state(), workflowTarget.get());
                    if (refusal.isPresent()) {
                        throw new ConflictException("event " + current.id() + " cannot be "
                                + change.transition().wireName() + ": " + refusal.get());
                    }
                    merged = current.withState(workflowTarget.get(), at);
                } else {
                    merged = proposed.withState(current.state(), proposed.updatedAt());
                }
                EventRows.update(c, merged);
            }
            EventChange recorded = new EventChange(merged, change.transition(), change.actor(), at, change.note());
            byte[] payload = payload(recorded);
            UUID ceId = cloudEventId(recorded);
            insertTransition(c, recorded, ceId, payload);
            List<NewOutboxMessage> messages = new ArrayList<>();
            for (String topic : EventRouting.topics(merged)) {
                messages.add(new NewOutboxMessage(ceId, topic, merged.camera().id(),
                        EventTypes.type(merged.kind(), recorded.transition()), EventTypes.source(merged.camera().id()),
                        EventRouting.subject(merged), at, payload));
            }
            JdbcOutboxStore.append(c, messages);
            return recorded;
        });
    }

    public Optional<Event> find(UUID id) {
        if (id == null) return Optional.empty();
        return db.read("find event " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.COLUMNS + " FROM events WHERE id = ?")) {
                Jdbc.setUuid(ps, 1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(EventRows.read(rs)) : Optional.<Event>empty();
                }
            }
        });
    }

    /**
     * The situation of this kind still going on in this zone ({@code endedAt} null), whatever its workflow
     * state; the newest if there were several. {@code zoneId} null matches events without a zone (camera health).
     */
    public Optional<Event> findOpen(String cameraId, String zoneId, EventKind kind) {
        String zoneCondition = zoneId == null ? "zone_id IS NULL" : "zone_id = ?";
        return db.read("find ongoing " + kind.wireName() + " event of camera '" + cameraId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.COLUMNS + " FROM events "
                    + "WHERE camera_id = ? AND kind = ? AND ended_at IS NULL AND " + zoneCondition
                    + " ORDER BY started_at DESC, id DESC LIMIT 1")) {
                ps.setString(1, cameraId);
                ps.setString(2, kind.wireName());
                if (zoneId != null) ps.setString(3, zoneId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(EventRows.read(rs)) : Optional.<Event>empty();
                }
            }
        });
    }

    /**
     * Every event of {@code kind} on the camera whose situation has not ended, oldest first: what a restarted node
     * hands to the camera's analysis so that a vehicle still there continues its event.
     */
    public List<Event> ongoing(String cameraId, EventKind kind) {
        return db.read("find ongoing " + kind.wireName() + " events of camera '" + cameraId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.COLUMNS + " FROM events "
                    + "WHERE camera_id = ? AND kind = ? AND ended_at IS NULL ORDER BY started_at, id")) {
                ps.setString(1, cameraId);
                ps.setString(2, kind.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Event> out = new ArrayList<>();
                    while (rs.next()) out.add(EventRows.read(rs));
                    return out;
                }
            }
        });
    }

    /** One page of events, newest {@code startedAt} first, ties by id; keyset-paginated so pages never overlap. */
    public EventPage query(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + EventRows.COLUMNS + " FROM events WHERE 1 = 1");
        List<Binder> binds = new ArrayList<>();
        if (q.cameraId() != null) {
            sql.append(" AND camera_id = ?");
            binds.add((ps, i) -> ps.setString(i, q.cameraId()));
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            binds.add((ps, i) -> ps.setString(i, q.kind().wireName()));
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            binds.add((ps, i) -> ps.setString(i, q.state().wireName()));
        }
        if (q.since() != null) {
            sql.append(" AND started_at >= ?");
            binds.add((ps, i) -> Jdbc.setInstant(ps, i, q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND started_at < ?");
            binds.add((ps, i) -> Jdbc.setInstant(ps, i, q.until()));
        }
        if (q.cursor() != null) {
            EventCursor after = EventCursor.decode(q.cursor());
            sql.append(" AND (started_at < ? OR (started_at = ? AND id < ?))");
            binds.add((ps, i) -> Jdbc.setInstant(ps, i, after.startedAt()));
            binds.add((ps, i) -> Jdbc.setInstant(ps, i, after.startedAt()));
            binds.add((ps, i) -> Jdbc.setUuid(ps, i, after.id()));
        }
        int limit = q.limit();
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        binds.add((ps, i) -> ps.setInt(i, limit + 1)); // one more tells whether another page follows
        return db.read("query events", c -> {
            List<Event> items = new ArrayList<>(limit + 1);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < binds.size(); i++) binds.get(i).bind(ps, i + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) items.add(EventRows.read(rs));
                }
            }
            if (items.size() <= limit) return new EventPage(items, null);
            List<Event> page = items.subList(0, limit);
            Event last = page.get(limit - 1);
            return new EventPage(page, new EventCursor(last.startedAt(), last.id()).encode());
        });
    }

    /** Every recorded change of the event, oldest first, each with the event as it was after it. */
    public List<EventChange> history(UUID eventId) {
        return db.read("read history of event " + eventId, c -> {
            List<EventChange> changes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT payload FROM event_transitions WHERE event_id = ? ORDER BY occurred_at, seq")) {
                Jdbc.setUuid(ps, 1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            changes.add(Json.mapper().readValue(rs.getString(1), EventPayload.class).change());
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException("a transition of event " + eventId
                                    + " holds JSON that does not parse: " + e.getOriginalMessage(), e);
                        }
                    }
                }
            }
            return changes;
        });
    }

    private static Optional<Event> selectForUpdate(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.COLUMNS + " FROM events WHERE id = ? FOR UPDATE")) {
            Jdbc.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(EventRows.read(rs)) : Optional.empty();
            }
        }
    }

    private static void insertTransition(Connection c, EventChange change, UUID ceId, byte[] payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO event_transitions (event_id, transition, actor, occurred_at, note, ce_id, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            Jdbc.setUuid(ps, 1, change.event().id());
            ps.setString(2, change.transition().wireName());
            ps.setString(3, change.actor());
            Jdbc.setInstant(ps, 4, change.at());
            ps.setString(5, change.note());
            Jdbc.setUuid(ps, 6, ceId);
            ps.setString(7, new String(payload, StandardCharsets.UTF_8));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DuplicateKeyException("event " + change.event().id() + ": the change '"
                        + change.transition().wireName() + "' at " + change.at() + " is already recorded", e);
            }
            throw e;
        }
    }

    private static byte[] payload(EventChange change) {
        try {
            return Json.mapper().writeValueAsBytes(EventPayload.of(change));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the payload of event " + change.event().id(), e);
        }
    }

    /** Name-based (v3) so that the same change always gets the same id, on every node and every retry. */
    static UUID cloudEventId(EventChange change) {
        String name = "citywatch-event-change|" + change.event().id() + "|" + change.transition().wireName() + "|" + change.at();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static void validate(EventChange change) {
        if (change == null) throw new ValidationException("change", "is required");
        if (change.transition() == null) throw new ValidationException("transition", "is required");
        if (change.actor() == null || change.actor().isBlank()) {
            throw new ValidationException("actor", "is required (\"system\" for the detection lifecycle, the user otherwise)");
        }
        if (change.at() == null) throw new ValidationException("at", "is required");
        Event e = change.event();
        if (e == null) throw new ValidationException("event", "is required");
        if (e.id() == null) throw new ValidationException("event.id", "is required");
        if (e.kind() == null) throw new ValidationException("event.kind", "is required");
        if (e.state() == null) throw new ValidationException("event.state", "is required");
        if (e.severity() == null) throw new ValidationException("event.severity", "is required");
        if (e.camera() == null || e.camera().id() == null) throw new ValidationException("event.camera.id", "is required");
        if (!e.camera().id().matches(Camera.ID_PATTERN)) {
            throw new ValidationException("event.camera.id", "must match " + Camera.ID_PATTERN + ", got '" + e.camera().id() + "'");
        }
        if (e.startedAt() == null) throw new ValidationException("event.startedAt", "is required");
        if (e.updatedAt() == null) throw new ValidationException("event.updatedAt", "is required");
        if (!(e.confidence() >= 0 && e.confidence() <= 1)) {
            throw new ValidationException("event.confidence", "must be between 0 and 1, got " + e.confidence());
        }
        if (e.zoneId() != null && (e.zoneId().isBlank() || e.zoneId().length() > MAX_ZONE_ID_LENGTH)) {
            throw new ValidationException("event.zoneId", "must be 1 to " + MAX_ZONE_ID_LENGTH + " characters, got '" + e.zoneId() + "'");
        }
        if (e.kind() != EventKind.CAMERA_HEALTH && (e.department() == null || !e.department().matches(DEPARTMENT_PATTERN))) {
            throw new ValidationException("event.department", "must name the department that acts on it (lower-case "
                    + "letters, digits and '-'; it names the topic citywatch.dispatch.<department>), got '" + e.department() + "'");
        }
        if (e.department() != null && !e.department().matches(DEPARTMENT_PATTERN)) {
            throw new ValidationException("event.department", "must be lower-case letters, digits and '-', got '" + e.department() + "'");
        }
        if (e.health() != null) {
            if (e.kind() != EventKind.CAMERA_HEALTH) {
                throw new ValidationException("event.health", "is only for camera_health events, got kind " + e.kind().wireName());
            }
            if (e.health().finding() == null || !e.health().finding().matches(HEALTH_FINDING_PATTERN)) {
                throw new ValidationException("event.health.finding", "must be a name of lower-case letters, digits "
                        + "and '_' (e.g. frozen, offline), got '" + e.health().finding() + "'");
            }
        }
        Optional<EventState> target = Workflow.target(change.transition());
        if (target.isPresent() && e.state() != target.get()) {
            throw new ValidationException("event.state", "must be " + target.get().wireName() + " for the transition "
                    + change.transition().wireName() + ", got " + e.state().wireName());
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }
}
