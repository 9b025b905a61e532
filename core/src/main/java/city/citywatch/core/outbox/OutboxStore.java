package city.citywatch.core.outbox;

import java.time.Instant;
import java.util.List;

/** The publisher's view of the outbox. Implemented by storage; used by the Kafka publisher in api. */
public interface OutboxStore {
    /**
     * Oldest unsent messages first, at most {@code max}. Of a stream (topic and key) whose oldest unsent message has
     * failed, only that message is offered: the rest could not be sent before it anyway, and must not crowd out
     * the other streams.
     */
    List<OutboxMessage> pending(int max);

    /** The broker acknowledged the message: it will not be offered again. */
    void markSent(long id);

    /** The broker acknowledged these messages; one commit for all of them. */
    default void markSent(List<Long> ids) {
        ids.forEach(this::markSent);
    }

    /** Publishing failed; the message stays pending. {@code error} is kept for operators. */
    void markFailed(long id, String error);

    /**
     * Hands back claimed messages that were not tried (held behind a failed one of their stream, or the publisher
     * stopped): they are offered again at once, with no failure counted against them.
     */
    void release(List<Long> ids);

    long pendingCount();

    /** Deletes messages sent before {@code cutoff}; returns how many. Sent rows are kept a while for operators. */
    int purgeSent(Instant cutoff);
}
