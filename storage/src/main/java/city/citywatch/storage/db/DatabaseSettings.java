package city.citywatch.storage.db;

import city.citywatch.core.validation.ValidationException;

import java.nio.file.Path;

/**
 * Where the SQL database is and how many connections to keep.
 *
 * @param jdbcUrl     {@code jdbc:postgresql://…} in production, {@code jdbc:h2:file:…} for the embedded default
 * @param maxPoolSize most connections open at once (HikariCP {@code maximumPoolSize})
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
    public static final int DEFAULT_POOL_SIZE = 8;

    public DatabaseSettings {
        if (jdbcUrl == null || jdbcUrl.isBlank()) throw new ValidationException("jdbcUrl", "is required");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ValidationException("jdbcUrl",
                    "must start with jdbc:postgresql: or jdbc:h2: (the two engines the migrations are tested on), got '"
                            + jdbcUrl + "'");
        }
        if (user == null) user = "";
        if (password == null) password = "";
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new ValidationException("maxPoolSize", "must be between 1 and 200, got " + maxPoolSize);
        }
    }

    /**
     * The embedded default: an H2 file database in {@code dataDir}, in PostgreSQL mode so that the same
     * migrations and queries run on both engines (lower-case names, nulls sorted as PostgreSQL does).
     */
    public static DatabaseSettings embedded(Path dataDir) {
        if (dataDir == null) throw new ValidationException("dataDir", "is required");
        String base = dataDir.toAbsolutePath().normalize().resolve("citywatch").toString();
        if (base.contains(";")) {
            throw new ValidationException("dataDir", "must not contain ';' (it separates H2 URL settings), got '" + dataDir + "'");
        }
        return new DatabaseSettings("jdbc:h2:file:" + base
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", DEFAULT_POOL_SIZE);
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
