package city.citywatch.core.outbox;

import java.time.Instant;
import java.util.List;

/** The publisher's view of the outbox. Implemented by storage; used by the Kafka publisher in api. */
public interface OutboxStore {
    /** Oldest unsent messages first, at most {@code max}. */
    List<OutboxMessage> pending(int max);

    /** The broker acknowledged the message: it will not be offered again. */
    void markSent(long id);

    /** Publishing failed; the message stays pending. {@code error} is kept for operators. */
    void markFailed(long id, String error);

    long pendingCount();

    /** Deletes messages sent before {@code cutoff}; returns how many. Sent rows are kept a while for operators. */
    int purgeSent(Instant cutoff);
}
