package city.citywatch.core.event;

/**
 * Where the event engine hands its changes. The application wires it to the repository, which stores the
 * change and its outbox row in one transaction. Called on the analytics thread: implementations must not
 * block for long.
 */
@FunctionalInterface
public interface EventSink {
    void accept(EventChange change);
}
