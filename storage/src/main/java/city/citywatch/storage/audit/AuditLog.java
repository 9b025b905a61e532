package city.citywatch.storage.audit;

import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The append-only audit log of evidence and live views and of configuration changes made through the API. */
public final class AuditLog {
    public static final int MAX_LIMIT = 1000;

    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    public void append(Instant at, String actor, String action, String resource, String detail) {
        db.inTransaction("append to the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_log (occurred_at, actor, action, resource, detail) VALUES (?, ?, ?, ?, ?)")) {
                Jdbc.setInstant(ps, 1, Jdbc.stored(at));
                ps.setString(2, actor);
                ps.setString(3, action);
                ps.setString(4, resource);
                ps.setString(5, detail);
                return ps.executeUpdate();
            }
        });
    }

    /** Newest first; every filter may be null. */
    public List<AuditEntry> query(String actor, String action, Instant since, Instant until, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, occurred_at, actor, action, resource, detail FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (since != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(since);
        }
        if (until != null) {
            sql.append(" AND occurred_at < ?");
            args.add(until);
        }
        sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT ?");
        args.add(Math.max(1, Math.min(limit, MAX_LIMIT)));
        return db.read("query the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof Instant t) Jdbc.setInstant(ps, i + 1, t);
                    else if (a instanceof Integer n) ps.setInt(i + 1, n);
                    else ps.setString(i + 1, (String) a);
                }
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong("seq"), Jdbc.getInstant(rs, "occurred_at"), rs.getString("actor"),
                                rs.getString("action"), rs.getString("resource"), rs.getString("detail")));
                    }
                }
                return out;
            }
        });
    }
}
