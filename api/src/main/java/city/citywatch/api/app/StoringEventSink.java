package city.citywatch.api.app;

import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventSink;
import city.citywatch.storage.StorageException;
import city.citywatch.storage.event.EventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The event engine's sink: stores each change with its outbox rows (one transaction), then wakes the publisher.
 * While the database is unreachable it keeps trying, blocking that camera's analysis: an event is never dropped,
 * and the camera's mailbox meanwhile discards stale frames, so nothing piles up. Changes the database refuses on
 * their merits (conflicts, invalid data) are not retried: retrying cannot fix them.
 */
final class StoringEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(StoringEventSink.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(200), MAX_WAIT = Duration.ofSeconds(10);

    private final EventRepository events;
    private final Runnable stored;

    /** @param stored run after each stored change (wakes the outbox publisher) */
    StoringEventSink(EventRepository events, Runnable stored) {
        this.events = events;
        this.stored = stored;
    }

    @Override
    public void accept(EventChange change) {
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                events.record(change);
                if (attempt > 1) LOG.info("event {} {} stored after {} attempts", change.event().id(), change.transition().wireName(), attempt);
                stored.run();
                return;
            } catch (StorageException e) {
                if (e.getClass() != StorageException.class) throw e; // conflict, duplicate, not found: a verdict, not an outage
                if (attempt == 1) {
                    LOG.warn("event {} {} cannot be stored yet ({}); retrying until the database answers",
                            change.event().id(), change.transition().wireName(), e.getMessage());
                }
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new StorageException("stopped while waiting to store event " + change.event().id());
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }
}
