package city.citywatch.ingest.sensor;

import java.util.concurrent.atomic.AtomicLong;

/** Counters an operator watches: readings kept, payloads refused, handling failures, connections made. */
public final class SensorIngestStats {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    public long accepted() {
        return accepted.get();
    }

    /** Payloads that were not a valid reading (logged with topic and reason). */
    public long rejected() {
        return rejected.get();
    }

    /** Valid readings the listener could not handle (not acknowledged; the broker delivers them again). */
    public long failed() {
        return failed.get();
    }

    /** Successful connections (1 + reconnects). */
    public long connections() {
        return connections.get();
    }
}
