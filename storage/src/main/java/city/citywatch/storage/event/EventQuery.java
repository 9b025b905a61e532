package city.citywatch.storage.event;

import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.validation.ValidationException;

import java.time.Instant;

/**
 * A page request for the event list. Every filter may be null (= no filter). Events come newest
 * {@code startedAt} first, ties broken by id.
 *
 * @param since  only events that started at or after this instant
 * @param until  only events that started before this instant
 * @param limit  page size, 1..500; null means {@value #DEFAULT_LIMIT}
 * @param cursor {@link EventPage#next()} of the previous page, or null for the first page
 */
public record EventQuery(String cameraId, EventKind kind, EventState state, Instant since, Instant until,
                         Integer limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public EventQuery {
        if (limit == null) limit = DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new ValidationException("until", "must be after since (" + since + "), got " + until);
        }
        if (cursor != null && cursor.isBlank()) cursor = null;
        if (cursor != null) EventCursor.decode(cursor); // a malformed cursor is refused here, before any query
    }

    /** The newest events, no filter. */
    public static EventQuery latest(int limit) {
        return new EventQuery(null, null, null, null, null, limit, null);
    }

    /** The same filters, continuing after the page whose {@link EventPage#next()} is {@code next}. */
    public EventQuery after(String next) {
        return new EventQuery(cameraId, kind, state, since, until, limit, next);
    }
}
