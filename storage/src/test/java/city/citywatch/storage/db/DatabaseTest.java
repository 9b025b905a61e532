package city.citywatch.storage.db;

import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.StorageException;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void migrationsCreateTheSchemaOnBothEnginesAndRunOnlyOnce(Engine engine) throws SQLException {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            assertThat(t.db().productName()).startsWith(engine == Engine.H2 ? "H2" : "PostgreSQL");
            assertThat(tables(t.db())).contains("cameras", "zones", "events", "event_transitions", "outbox");
            long migrations = migrationFiles();
            assertThat(migrationsApplied(t.db())).isEqualTo(migrations);
            try (Connection c = t.db().dataSource().getConnection()) {
                c.createStatement().execute("INSERT INTO cameras (id, name, stream_uri, created_at) "
                        + "VALUES ('kept', 'kept', 'rtsp://h/s', CURRENT_TIMESTAMP)");
            }
            t.db().close();

            // A restarted node opens the same database: nothing is migrated twice, nothing is lost.
            try (Database again = Database.open(t.settings())) {
                try (Connection c = again.dataSource().getConnection();
                     ResultSet rs = c.createStatement().executeQuery(
                             "SELECT (SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'SQL'), (SELECT COUNT(*) FROM cameras)")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(migrations);
                    assertThat(rs.getLong(2)).isEqualTo(1);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailedTransactionLeavesNothingBehind(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            assertThatThrownBy(() -> t.db().inTransaction("insert twice", c -> {
                for (int i = 0; i < 2; i++) {
                    c.createStatement().execute("INSERT INTO cameras (id, name, stream_uri, created_at) "
                            + "VALUES ('dup', 'dup', 'rtsp://h/s', CURRENT_TIMESTAMP)");
                }
                return null;
            })).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("insert twice");
            assertThat(t.count("cameras")).isZero();
        }
    }

    @Test
    void settingsAreCheckedAndKeepThePasswordOutOfMessages() {
        assertThatThrownBy(() -> new DatabaseSettings("postgresql://x/y", "u", "p", 4))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("jdbcUrl");
        assertThatThrownBy(() -> new DatabaseSettings("jdbc:postgresql://x/y", "u", "p", 0))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("maxPoolSize");
        DatabaseSettings s = new DatabaseSettings("jdbc:postgresql://x/y", "u", "s3cret", 4);
        assertThat(s.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://x/y");
        DatabaseSettings embedded = DatabaseSettings.embedded(tmp);
        assertThat(embedded.jdbcUrl()).startsWith("jdbc:h2:file:" + tmp.toAbsolutePath()).contains("MODE=PostgreSQL");
    }

    @Test
    void anUnreachableDatabaseIsReportedWithItsUrl() {
        DatabaseSettings s = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/none", "nobody", "x", 2);
        assertThatThrownBy(() -> Database.open(s))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageContaining("nobody");
    }

    private static long migrationsApplied(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'SQL' AND success")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> tables(Database db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** Every versioned migration in the module's sources (the test runs in the module directory). */
    private static long migrationFiles() {
        try (var files = java.nio.file.Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
