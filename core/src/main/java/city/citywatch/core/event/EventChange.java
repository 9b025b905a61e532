package city.citywatch.core.event;

import java.time.Instant;
import java.util.Optional;

/**
 * A recorded step in an event's life: the event as it is after the step, what happened, who did it.
 *
 * @param actor  "system" for the detection lifecycle, the user's name for workflow steps
 * @param note   free text (dispatch note, false-alarm reason); may be null
 */
public record EventChange(Event event, Transition transition, String actor, Instant at, String note) {
    public Optional<String> noteOpt() {
        return Optional.ofNullable(note);
    }
}
