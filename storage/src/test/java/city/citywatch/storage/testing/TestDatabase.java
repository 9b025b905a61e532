package city.citywatch.storage.testing;

import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A freshly migrated, empty database for one test: an H2 file database in the test's temporary folder, or a
 * schema of its own in the PostgreSQL test peer (dropped on close), so tests never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {
    private final Database db;
    private final DatabaseSettings settings;
    private final String schema;

    private TestDatabase(Database db, DatabaseSettings settings, String schema) {
        this.db = db;
        this.settings = settings;
        this.schema = schema;
    }

    public static TestDatabase open(Engine engine, Path tempDir) {
        if (engine == Engine.H2) {
            DatabaseSettings s = DatabaseSettings.embedded(tempDir.resolve("h2"));
            return new TestDatabase(Database.open(s), s, null);
        }
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresPeer.Login login = PostgresPeer.login();
        execute(login, "CREATE SCHEMA " + schema);
        DatabaseSettings s = new DatabaseSettings(withSchema(login.url(), schema), login.user(), login.password(), 8);
        return new TestDatabase(Database.open(s), s, schema);
    }

    public Database db() {
        return db;
    }

    /** Settings that reach the same data (to reopen it as a restarted node would). */
    public DatabaseSettings settings() {
        return settings;
    }

    public long count(String table) {
        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
        if (schema != null) execute(PostgresPeer.login(), "DROP SCHEMA " + schema + " CASCADE");
    }

    private static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void execute(PostgresPeer.Login login, String sql) {
        try (Connection c = DriverManager.getConnection(login.url(), login.user(), login.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + login.url() + ": " + e.getMessage(), e);
        }
    }
}
