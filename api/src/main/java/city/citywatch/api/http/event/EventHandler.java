package city.citywatch.api.http.event;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.storage.camera.CameraRepository;
import city.citywatch.storage.event.EventPage;
import city.citywatch.storage.event.EventQuery;
import city.citywatch.storage.event.EventRepository;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The event resource: the filtered, paged list, one event, and its recorded history. */
public final class EventHandler {
    private final Vertx vertx;
    private final BlockingPool pool;
    private final EventRepository events;
    private final CameraRepository cameras;

    public EventHandler(Vertx vertx, BlockingPool pool, EventRepository events, CameraRepository cameras) {
        this.vertx = vertx;
        this.pool = pool;
        this.events = events;
        this.cameras = cameras;
    }

    public void mount(Routes routes) {
        routes.on("listEvents", this::list);
        routes.on("getEvent", this::get);
        routes.on("getEventHistory", this::history);
    }

    private void list(RoutingContext rc) {
        String kind = Requests.query(rc, "kind");
        String state = Requests.query(rc, "state");
        EventQuery query = new EventQuery(
                Requests.query(rc, "camera"),
                kind == null ? null : EventKind.parse(kind),
                state == null ? null : EventState.parse(state),
                Requests.queryInstant(rc, "since"),
                Requests.queryInstant(rc, "until"),
                Requests.queryInt(rc, "limit"),
                Requests.query(rc, "cursor"));
        pool.run(vertx, () -> {
            EventPage page = events.query(query);
            if (page.items().isEmpty() && query.cameraId() != null) requireKnownCamera(query.cameraId());
            return Responses.domainJson(page);
        }).onSuccess(json -> Responses.send(rc, 200, json)).onFailure(rc::fail);
    }

    /**
     * An empty page for a camera nobody has heard of is more likely a typo than a quiet street, so it is
     * refused. A deleted camera whose events are still kept is known: its history stays listable.
     */
    private void requireKnownCamera(String cameraId) {
        if (cameras.find(cameraId).isPresent()) return;
        EventQuery any = new EventQuery(cameraId, null, null, null, null, 1, null);
        if (events.query(any).items().isEmpty()) {
            throw new ValidationException("camera", "unknown camera '" + cameraId + "': it is not registered and has no events");
        }
    }

    private void get(RoutingContext rc) {
        UUID id = eventId(rc);
        pool.run(vertx, () -> Responses.domainJson(find(events, id)))
                .onSuccess(json -> Responses.send(rc, 200, json))
                .onFailure(rc::fail);
    }

    private void history(RoutingContext rc) {
        UUID id = eventId(rc);
        pool.run(vertx, () -> {
            List<EventChange> changes = events.history(id);
            if (changes.isEmpty()) find(events, id); // an event without recorded changes still exists: 200 []
            return Responses.domainJson(Map.of("items", changes));
        }).onSuccess(json -> Responses.send(rc, 200, json)).onFailure(rc::fail);
    }

    /** The contract has checked the UUID format already; this catches what its regex lets through. */
    static UUID eventId(RoutingContext rc) {
        String s = Requests.pathParam(rc, "id");
        if (s == null) throw new ValidationException("id", "is required");
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("id", "must be an event id (UUID), got '" + s + "'");
        }
    }

    static Event find(EventRepository events, UUID id) {
        return events.find(id).orElseThrow(() -> ApiException.notFound("event " + id + " does not exist"));
    }
}
