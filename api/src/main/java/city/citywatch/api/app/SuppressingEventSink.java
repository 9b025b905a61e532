package city.citywatch.api.app;

import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.Transition;
import city.citywatch.storage.suppression.Suppression;
import city.citywatch.storage.suppression.SuppressionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Honours the officers' zone suppressions (false alarms): an event that would open in a suppressed zone is not
 * raised, and its later changes (updates, close) are dropped with it, since nothing was stored for them. Events
 * already open when the suppression started carry on to their end: suppression is about new alarms.
 */
final class SuppressingEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(SuppressingEventSink.class);

    private final EventSink next;
    private final SuppressionRepository suppressions;
    private final Set<UUID> suppressed = ConcurrentHashMap.newKeySet();

    SuppressingEventSink(EventSink next, SuppressionRepository suppressions) {
        this.next = next;
        this.suppressions = suppressions;
    }

    @Override
    public void accept(EventChange change) {
        UUID id = change.event().id();
        if (suppressed.contains(id)) {
            if (change.transition() == Transition.CLOSED) suppressed.remove(id);
            return;
        }
        if (change.transition() == Transition.OPENED) {
            Optional<Suppression> s = suppressions.activeFor(change.event().camera().id(), change.event().zoneId(),
                    change.event().kind(), change.at());
            if (s.isPresent()) {
                suppressed.add(id);
                LOG.info("{} in zone {} of camera {} not raised: the zone is suppressed until {} by {} ({})",
                        change.event().kind().wireName(), change.event().zoneId(), change.event().camera().id(),
                        s.get().until() == null ? "deleted" : s.get().until(), s.get().createdBy(), s.get().reason());
                return;
            }
        }
        next.accept(change);
    }
}
