package city.citywatch.storage.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Binding and reading of the column types whose JDBC mapping must be the same on PostgreSQL and H2:
 * instants as {@code TIMESTAMP WITH TIME ZONE} through {@link OffsetDateTime}, ids as {@code UUID}.
 */
public final class Jdbc {
    private Jdbc() {
    }

    /**
     * Both engines keep microseconds; truncating before writing makes what is read back equal to what
     * was written, which keyset cursors rely on.
     */
    public static Instant stored(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    public static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, OffsetDateTime.ofInstant(stored(t), ZoneOffset.UTC));
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
        if (id == null) ps.setNull(index, Types.OTHER);
        else ps.setObject(index, id);
    }

    public static UUID getUuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static void setDouble(PreparedStatement ps, int index, Double d) throws SQLException {
        if (d == null) ps.setNull(index, Types.DOUBLE);
        else ps.setDouble(index, d);
    }

    public static Double getDouble(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }
}
