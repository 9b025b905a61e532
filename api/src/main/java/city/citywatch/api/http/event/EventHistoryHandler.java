package city.citywatch.api.http.event;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.Responses;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.event.EventPage;
import city.citywatch.storage.event.EventQuery;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.event.EventStatistics;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The history page's two reads: the filtered event list as CSV (for Excel: UTF-8 with a byte-order mark, so Chinese
 * camera names and addresses open correctly) and counts per kind and per day.
 */
public final class EventHistoryHandler {
    /** A spreadsheet is not an archive: bigger exports must be split by time range. */
    public static final int MAX_CSV_ROWS = 50_000;
    static final Duration MAX_STATS_RANGE = Duration.ofDays(366);
    private static final List<String> COLUMNS = List.of("id", "kind", "state", "severity", "confidence", "cameraId",
            "cameraName", "zoneId", "department", "startedAt", "endedAt", "updatedAt", "lat", "lon", "address");
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA;

    static {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(b::addColumn);
        SCHEMA = b.build();
    }

    private final Vertx vertx;
    private final BlockingPool pool;
    private final EventRepository events;
    private final EventStatistics statistics;

    public EventHistoryHandler(Vertx vertx, BlockingPool pool, EventRepository events, EventStatistics statistics) {
        this.vertx = vertx;
        this.pool = pool;
        this.events = events;
        this.statistics = statistics;
    }

    public void mount(Routes routes) {
        routes.on("exportEvents", this::export);
        routes.on("eventStats", this::stats);
    }

    private void export(RoutingContext rc) {
        String kind = Requests.query(rc, "kind");
        String state = Requests.query(rc, "state");
        EventQuery first = new EventQuery(Requests.query(rc, "camera"), kind == null ? null : EventKind.parse(kind),
                state == null ? null : EventState.parse(state), Requests.queryInstant(rc, "since"),
                Requests.queryInstant(rc, "until"), EventQuery.MAX_LIMIT, null);
        pool.run(vertx, () -> {
            StringWriter out = new StringWriter();
            out.write('\uFEFF');
            boolean truncated = false;
            try (SequenceWriter w = CSV.writer(SCHEMA).writeValues(out)) {
                int rows = 0;
                EventQuery q = first;
                while (true) {
                    EventPage page = events.query(q);
                    for (Event e : page.items()) {
                        if (rows++ == MAX_CSV_ROWS) {
                            truncated = true;
                            break;
                        }
                        w.write(row(e));
                    }
                    if (truncated || page.next() == null) break;
                    q = q.after(page.next());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.entry(Buffer.buffer(out.toString()), truncated);
        }).onSuccess(result -> {
            rc.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"citywatch-events.csv\"")
                    .putHeader("Cache-Control", "no-store");
            if (result.getValue()) rc.response().putHeader("X-Truncated", "first " + MAX_CSV_ROWS + " rows; narrow since/until");
            rc.response().setStatusCode(200).end(result.getKey());
        }).onFailure(rc::fail);
    }

    private static List<Object> row(Event e) {
        var loc = e.camera().location();
        return Arrays.asList(e.id().toString(), e.kind().wireName(), e.state().wireName(), e.severity().wireName(),
                e.confidence(), e.camera().id(), text(e.camera().name()), e.zoneId(), e.department(),
                str(e.startedAt()), str(e.endedAt()), str(e.updatedAt()), loc == null ? null : loc.lat(),
                loc == null ? null : loc.lon(), loc == null ? null : text(loc.address()));
    }

    /** A cell a spreadsheet would run as a formula (=, +, -, @) is quoted as text: names come from users. */
    private static String text(String s) {
        if (s == null || s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private void stats(RoutingContext rc) {
        Instant to = Requests.queryInstant(rc, "to");
        Instant from = Requests.queryInstant(rc, "from");
        if (to == null) to = Instant.now();
        if (from == null) from = to.minus(Duration.ofDays(30));
        if (!from.isBefore(to)) throw new ValidationException("to", "must be after from (" + from + "), got " + to);
        if (Duration.between(from, to).compareTo(MAX_STATS_RANGE) > 0) {
            throw new ValidationException("from", "the range may span at most 366 days");
        }
        String tzName = Requests.query(rc, "tz");
        ZoneId tz;
        try {
            tz = tzName == null ? ZoneId.of("UTC") : ZoneId.of(tzName);
        } catch (DateTimeException e) {
            throw new ValidationException("tz", "must be an IANA time zone such as Asia/Shanghai, got '" + tzName + "'");
        }
        Instant f = from, t = to;
        pool.run(vertx, () -> statistics.count(f, t, tz)).onSuccess(counts -> {
            JsonObject byKind = new JsonObject();
            counts.byKind().forEach((k, n) -> byKind.put(k.wireName(), n));
            JsonArray byDay = new JsonArray();
            counts.byDay().forEach((day, kinds) -> kinds.forEach((k, n) ->
                    byDay.add(new JsonObject().put("day", day.toString()).put("kind", k.wireName()).put("count", n))));
            Responses.json(rc, 200, new JsonObject().put("from", f.toString()).put("to", t.toString())
                    .put("timeZone", tz.getId()).put("byKind", byKind).put("byDay", byDay));
        }).onFailure(rc::fail);
    }
}
