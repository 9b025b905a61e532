package city.citywatch.storage.db;

import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.StorageException;

import java.sql.SQLException;

/** Turns SQL failures into the storage exceptions callers can act on, by SQLSTATE (the same on both engines). */
public final class SqlErrors {
    /** SQLSTATE of a unique or primary key violation (PostgreSQL and H2 agree). */
    public static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    public static StorageException translate(String what, SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return new DuplicateKeyException(what + ": already stored (" + firstLine(e.getMessage()) + ")", e);
        }
        return new StorageException(what + " failed: " + firstLine(e.getMessage()) + " [SQLSTATE " + e.getSQLState() + "]", e);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
