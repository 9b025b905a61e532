package city.citywatch.storage.outbox;

import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.core.outbox.OutboxStore;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox table as the Kafka publisher sees it.
 *
 * <p>Several publishers may run at once (one per node): {@link #pending} <em>claims</em> the rows it returns
 * for a lease (default one minute), and no other call returns a claimed row until the lease ends. The
 * publisher must answer every returned message with {@link #markSent} or {@link #markFailed}; both end the
 * claim, and a failed message is offered again by the next {@code pending} call. If a publisher dies
 * holding a claim, its rows come back when the lease expires, so they are published late, never lost
 * (and possibly twice: consumers de-duplicate by CloudEvent id). The claim is a conditional UPDATE, which
 * PostgreSQL and H2 both re-check after waiting for a row lock; {@code SKIP LOCKED} is not in H2.
 */
public final class JdbcOutboxStore implements OutboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutboxStore.class);
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final Database db;
    private final Duration lease;
    private final Clock clock;

    public JdbcOutboxStore(Database db) {
        this(db, DEFAULT_LEASE);
    }

    public JdbcOutboxStore(Database db, Duration lease) {
        this(db, lease, Clock.systemUTC());
    }

    JdbcOutboxStore(Database db, Duration lease, Clock clock) {
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be > 0, got " + lease);
        this.db = db;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Adds messages on the caller's connection, so they commit or roll back with the change they announce.
     * Called by the repositories inside their transaction.
     */
    public static void append(Connection c, List<NewOutboxMessage> messages) throws SQLException {
        if (messages.isEmpty()) return;
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO outbox (ce_id, topic, message_key, ce_type, ce_source, ce_subject, ce_time, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (NewOutboxMessage m : messages) {
                Jdbc.setUuid(ps, 1, m.ceId());
                ps.setString(2, m.topic());
                ps.setString(3, m.key());
                ps.setString(4, m.type());
                ps.setString(5, m.source());
                ps.setString(6, m.subject());
                Jdbc.setInstant(ps, 7, m.time());
                ps.setString(8, new String(m.data(), StandardCharsets.UTF_8));
                Jdbc.setInstant(ps, 9, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<OutboxMessage> pending(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, got " + max);
        UUID claim = UUID.randomUUID();
        Instant now = clock.instant();
        return db.inTransaction("claim pending outbox messages", c -> {
            // Candidates first (a plain read), then a claim of exactly those rows: the claim re-checks each row
            // under its lock, so a row another publisher took in between is simply not claimed here.
            List<Long> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT o.id FROM outbox o
                    WHERE o.sent_at IS NULL AND (o.claimed_until IS NULL OR o.claimed_until < ?)
                      AND NOT EXISTS (SELECT 1 FROM outbox f
                                      WHERE f.topic = o.topic AND f.message_key = o.message_key
                                        AND f.sent_at IS NULL AND f.last_error IS NOT NULL AND f.id < o.id)
                    ORDER BY o.id LIMIT ?""")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) candidates.add(rs.getLong(1));
                }
            }
            if (candidates.isEmpty()) return List.of();
            int claimedRows = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE outbox SET claim_token = ?, claimed_until = ?
                    WHERE id = ? AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)""")) {
                for (long id : candidates) {
                    Jdbc.setUuid(ps, 1, claim);
                    Jdbc.setInstant(ps, 2, now.plus(lease));
                    ps.setLong(3, id);
                    Jdbc.setInstant(ps, 4, now);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) claimedRows += Math.max(n, 0);
            }
            if (claimedRows == 0) return List.of();
            List<OutboxMessage> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, ce_id, topic, message_key, ce_type, ce_source, ce_subject, ce_time, payload, attempts
                    FROM outbox WHERE claim_token = ? ORDER BY id""")) {
                Jdbc.setUuid(ps, 1, claim);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new OutboxMessage(rs.getLong("id"), Jdbc.getUuid(rs, "ce_id"), rs.getString("topic"),
                                rs.getString("message_key"), rs.getString("ce_type"), rs.getString("ce_source"),
                                rs.getString("ce_subject"), Jdbc.getInstant(rs, "ce_time"),
                                rs.getString("payload").getBytes(StandardCharsets.UTF_8), rs.getInt("attempts")));
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public void markSent(long id) {
        int updated = db.inTransaction("mark outbox message " + id + " sent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET sent_at = ?, claim_token = NULL, claimed_until = NULL WHERE id = ? AND sent_at IS NULL")) {
                Jdbc.setInstant(ps, 1, clock.instant());
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) LOG.warn("Outbox message {} was marked sent but is unknown or was already sent", id);
    }

    /** One transaction and one batched statement for a whole wave of acknowledgements. */
    @Override
    public void markSent(List<Long> ids) {
        if (ids.isEmpty()) return;
        int[] updated = db.inTransaction("mark " + ids.size() + " outbox messages sent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET sent_at = ?, claim_token = NULL, claimed_until = NULL WHERE id = ? AND sent_at IS NULL")) {
                Instant now = clock.instant();
                for (long id : ids) {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) LOG.warn("Outbox message {} was marked sent but is unknown or was already sent", ids.get(i));
        }
    }

    @Override
    public void release(List<Long> ids) {
        if (ids.isEmpty()) return;
        db.inTransaction("release " + ids.size() + " outbox messages", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET claim_token = NULL, claimed_until = NULL WHERE id = ? AND sent_at IS NULL")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void markFailed(long id, String error) {
        String kept = error == null ? "unknown error" : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        int updated = db.inTransaction("mark outbox message " + id + " failed", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?,
                                      claim_token = NULL, claimed_until = NULL
                    WHERE id = ? AND sent_at IS NULL""")) {
                ps.setString(1, kept);
                Jdbc.setInstant(ps, 2, clock.instant());
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) LOG.warn("Outbox message {} was marked failed but is unknown or was already sent", id);
    }

    @Override
    public long pendingCount() {
        return db.read("count pending outbox messages", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The error kept by the last {@link #markFailed} of a message, for operators; empty if none or unknown id. */
    public Optional<String> lastError(long id) {
        return db.read("read outbox message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_error FROM outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Deletes messages sent before {@code cutoff}; the outbox is a queue, not an archive. @return rows deleted */
    @Override
    public int purgeSent(Instant cutoff) {
        return db.inTransaction("purge sent outbox messages", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?")) {
                Jdbc.setInstant(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
