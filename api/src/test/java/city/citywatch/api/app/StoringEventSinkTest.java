package city.citywatch.api.app;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.testing.PostgresPeer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static city.citywatch.storage.testing.Fixtures.T0;
import static city.citywatch.storage.testing.Fixtures.event;
import static city.citywatch.storage.testing.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database outage while an event opens, on a real PostgreSQL: the database stops accepting connections, the
 * analysis thread keeps the change and retries, and the event is stored (once) when the database is back.
 */
class StoringEventSinkTest {
    private static final String DB = "citywatch_sink_outage";

    @Test
    void anEventOpenedDuringADatabaseOutageIsStoredWhenTheDatabaseReturns() throws Exception {
        PostgresPeer.Login pg = PostgresPeer.login();
        admin(pg, "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)", "CREATE DATABASE " + DB);
        String url = pg.url().substring(0, pg.url().lastIndexOf('/') + 1) + DB;
        try (Database db = Database.open(new DatabaseSettings(url, pg.user(), pg.password(), 2))) {
            EventRepository events = new EventRepository(db);
            AtomicInteger stored = new AtomicInteger();
            StoringEventSink sink = new StoringEventSink(events, stored::incrementAndGet);
            Event e = event("cam-1", "kerb", EventKind.ILLEGAL_PARKING, T0);

            admin(pg, "ALTER DATABASE " + DB + " ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DB + "'");
            Thread analysis = new Thread(() -> sink.accept(opened(e)), "analysis-test");
            analysis.start();
            analysis.join(3000);
            assertThat(analysis.isAlive()).as("the change waits for the database").isTrue();
            assertThat(stored).hasValue(0);

            admin(pg, "ALTER DATABASE " + DB + " ALLOW_CONNECTIONS true");
            analysis.join(30_000);
            assertThat(analysis.isAlive()).as("stored once the database is back").isFalse();
            assertThat(stored).hasValue(1);
            assertThat(events.find(e.id())).isPresent();
            assertThat(events.history(e.id())).hasSize(1);
        } finally {
            admin(pg, "ALTER DATABASE " + DB + " ALLOW_CONNECTIONS true");
        }
    }

    private static void admin(PostgresPeer.Login pg, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }
}
