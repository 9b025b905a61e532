package city.citywatch.storage.db;

import city.citywatch.storage.StorageException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL database: a connection pool whose schema has been brought up to date by the Flyway migrations in
 * {@code classpath:db/migration}. One set of migrations serves PostgreSQL and the embedded H2 (in
 * PostgreSQL mode), so the embedded default runs exactly the SQL production runs. Owns the pool: close it
 * last, after everything that uses it.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final String productName;

    private Database(HikariDataSource dataSource, String productName) {
        this.dataSource = dataSource;
        this.productName = productName;
    }

    public static Database open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setPoolName("citywatch-db");
        // Fail fast at start-up rather than hang: an unreachable database is a configuration error.
        config.setConnectionTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to the database " + settings.jdbcUrl() + " as user '"
                    + settings.user() + "': " + rootMessage(e), e);
        }
        try {
            String product;
            try (Connection c = ds.getConnection()) {
                product = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            }
            MigrateResult result = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.info("Database {} ({}) ready: schema version {}, {} migration(s) applied now",
                    settings.jdbcUrl(), product, result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            return new Database(ds, product);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw new StorageException("cannot prepare the database schema at " + settings.jdbcUrl() + ": "
                    + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Product name and version as the JDBC driver reports them, e.g. "PostgreSQL 15.8" or "H2 2.3.232 (2024-08-11)". */
    public String productName() {
        return productName;
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws, so a change
     * is either wholly stored or not at all. SQL failures come out as {@link StorageException}
     * (or a subclass, see {@link SqlErrors}).
     */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    /** Runs read-only {@code work} on a pooled connection (auto-commit). */
    public <T> T read(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
