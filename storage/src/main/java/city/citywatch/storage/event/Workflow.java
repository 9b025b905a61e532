package city.citywatch.storage.event;

import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Transition;

import java.util.Optional;

/**
 * The officers' workflow (DESIGN.md): OPEN → ACKNOWLEDGED → DISPATCHED → RESOLVED, or FALSE_ALARM from any
 * open state. Steps may skip ahead (dispatch without acknowledging first) but never go back, and nothing
 * follows RESOLVED or FALSE_ALARM. The detection lifecycle (opened, updated, closed) is independent of it.
 */
final class Workflow {
    private Workflow() {
    }

    /** The state a workflow transition leads to; empty for the detection-lifecycle transitions. */
    static Optional<EventState> target(Transition t) {
        return switch (t) {
            case ACKNOWLEDGED -> Optional.of(EventState.ACKNOWLEDGED);
            case DISPATCHED -> Optional.of(EventState.DISPATCHED);
            case RESOLVED -> Optional.of(EventState.RESOLVED);
            case FALSE_ALARM -> Optional.of(EventState.FALSE_ALARM);
            case OPENED, UPDATED, CLOSED -> Optional.empty();
        };
    }

    /** Why {@code from → to} is not allowed, or empty if it is. */
    static Optional<String> refusal(EventState from, EventState to) {
        if (from.isTerminal()) return Optional.of("it is already " + from.wireName());
        if (to.ordinal() <= from.ordinal()) {
            return Optional.of("it is " + from.wireName() + " and the workflow does not go back to " + to.wireName());
        }
        return Optional.empty();
    }
}
