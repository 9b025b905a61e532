package city.citywatch.api.http.event;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Transition;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.ConflictException;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.suppression.Suppression;
import city.citywatch.storage.suppression.SuppressionRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The officers' workflow on one event: acknowledge, dispatch (to a department, which then gets the event on its
 * topic), resolve, false alarm (optionally suppressing the zone). Each step is recorded through the event
 * repository, so it lands in the history with who and when and is published by the outbox as
 * {@code city.citywatch.<kind>.<transition>}; a false alarm and its suppression are stored in one transaction.
 */
public final class WorkflowHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowHandler.class);

    private enum Action {
        ACKNOWLEDGE(Transition.ACKNOWLEDGED, EventState.ACKNOWLEDGED),
        DISPATCH(Transition.DISPATCHED, EventState.DISPATCHED),
        RESOLVE(Transition.RESOLVED, EventState.RESOLVED),
        FALSE_ALARM(Transition.FALSE_ALARM, EventState.FALSE_ALARM);

        final Transition transition;
        final EventState target;

        Action(Transition transition, EventState target) {
            this.transition = transition;
            this.target = target;
        }

        String wireName() {
            return name().toLowerCase();
        }

        static Action parse(String s) {
            for (Action a : values()) if (a.wireName().equals(s)) return a;
            throw new ValidationException("action", "must be one of acknowledge, dispatch, resolve, false_alarm; got '" + s + "'");
        }

        /** Steps may skip ahead but never go back; nothing follows resolved or false_alarm. */
        static List<String> allowedFrom(EventState s) {
            List<String> out = new ArrayList<>();
            if (s.isTerminal()) return out;
            for (Action a : values()) if (a.target.ordinal() > s.ordinal()) out.add(a.wireName());
            return out;
        }
    }

    private final Vertx vertx;
    private final BlockingPool pool;
    private final EventRepository events;
    private final Duration defaultSuppression;

    public WorkflowHandler(Vertx vertx, BlockingPool pool, EventRepository events, Duration defaultSuppression) {
        this.vertx = vertx;
        this.pool = pool;
        this.events = events;
        this.defaultSuppression = defaultSuppression;
    }

    public void mount(Routes routes) {
        routes.on("actOnEvent", this::act);
    }

    private void act(RoutingContext rc) {
        UUID id = EventHandler.eventId(rc);
        JsonObject body = Requests.jsonBody(rc);
        Action action = Action.parse(body.getString("action"));
        String department = body.getString("department");
        String note = body.getString("note");
        boolean suppress = Boolean.TRUE.equals(body.getBoolean("suppressZone"));
        Integer hours = body.getInteger("suppressHours");
        if (action == Action.DISPATCH && department == null) {
            throw new ValidationException("department", "is required to dispatch: name the department that must act");
        }
        if (action != Action.DISPATCH && department != null) {
            throw new ValidationException("department", "is only taken by the dispatch action");
        }
        if (action != Action.FALSE_ALARM && (suppress || hours != null)) {
            throw new ValidationException(suppress ? "suppressZone" : "suppressHours", "is only taken by the false_alarm action");
        }
        if (hours != null && !suppress) throw new ValidationException("suppressHours", "needs suppressZone: true");
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            Event current = EventHandler.find(events, id);
            List<String> allowed = Action.allowedFrom(current.state());
            if (!allowed.contains(action.wireName())) throw invalid(current, action);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Event proposed = current.withState(action.target, now);
            if (department != null) {
                proposed = proposed.withDepartment(department);
            }
            String recordedNote = action == Action.DISPATCH
                    ? "dispatched to " + department + (note == null ? "" : ": " + note) : note;
            Suppression suppression = null;
            if (suppress) {
                if (current.zoneId() == null) {
                    throw new ValidationException("suppressZone", "event " + id + " has no zone to suppress");
                }
                Duration d = hours == null ? defaultSuppression : Duration.ofHours(hours);
                suppression = new Suppression(UUID.randomUUID(), current.camera().id(), current.zoneId(), current.kind(),
                        who.username(), now, now.plus(d), note == null ? "false alarm" : note, id);
            }
            Suppression s = suppression;
            EventChange recorded;
            try {
                recorded = events.record(new EventChange(proposed, action.transition, who.username(), now, recordedNote),
                        s == null ? null : c -> {
                            SuppressionRepository.insert(c, s);
                            return null;
                        });
            } catch (ConflictException e) {
                // another officer acted first: answer with the state as it is now
                throw invalid(EventHandler.find(events, id), action);
            }
            LOG.info("event {} {} by {}{}", id, action.transition.wireName(), who.username(),
                    s == null ? "" : "; zone " + s.zoneId() + " of camera " + s.cameraId() + " suppressed until " + s.until());
            return Responses.domainJson(recorded.event());
        }).onSuccess(json -> Responses.send(rc, 200, json)).onFailure(rc::fail);
    }

    private static ApiException invalid(Event current, Action action) {
        List<String> allowed = Action.allowedFrom(current.state());
        return new ApiException(409, "invalid_transition", "event " + current.id() + " is " + current.state().wireName()
                + " and cannot take the action " + action.wireName() + "; allowed now: "
                + (allowed.isEmpty() ? "none (the workflow has ended)" : String.join(", ", allowed)), "action");
    }
}
