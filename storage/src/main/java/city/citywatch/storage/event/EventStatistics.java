package city.citywatch.storage.event;

import city.citywatch.core.event.EventKind;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.Jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of events per kind and per local day, for the console's history page. Days are cut in the caller's time
 * zone (an officer in Shanghai counts by Shanghai days), which SQL dialects disagree on, so the rows are grouped
 * here; the range is bounded by the caller.
 */
public final class EventStatistics {
    public record Counts(Map<EventKind, Long> byKind, Map<LocalDate, Map<EventKind, Long>> byDay) {
    }

    private final Database db;

    public EventStatistics(Database db) {
        this.db = db;
    }

    /** Events that started in [from, until). */
    public Counts count(Instant from, Instant until, ZoneId zone) {
        return db.read("count events", c -> {
            Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
            Map<LocalDate, Map<EventKind, Long>> byDay = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, started_at FROM events WHERE started_at >= ? AND started_at < ?")) {
                Jdbc.setInstant(ps, 1, from);
                Jdbc.setInstant(ps, 2, until);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        EventKind kind = EventKind.parse(rs.getString(1));
                        LocalDate day = Jdbc.getInstant(rs, "started_at").atZone(zone).toLocalDate();
                        byKind.merge(kind, 1L, Long::sum);
                        byDay.computeIfAbsent(day, d -> new EnumMap<>(EventKind.class)).merge(kind, 1L, Long::sum);
                    }
                }
            }
            return new Counts(byKind, byDay);
        });
    }
}
