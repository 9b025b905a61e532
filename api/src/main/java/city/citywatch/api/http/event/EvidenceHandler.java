package city.citywatch.api.http.event;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.auth.Principal;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.Evidence;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.objectstore.ObjectStore;
import city.citywatch.storage.objectstore.SignedUrl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * Short-lived signed links to an event's clip and snapshot. The link goes straight to the object store,
 * so video bytes never pass through the API node. Evidence is uploaded after the event opens; until the
 * object exists the answer is 409 {@code evidence_pending}, which tells the console to retry rather than
 * give up.
 */
public final class EvidenceHandler {
    private final Vertx vertx;
    private final BlockingPool pool;
    private final EventRepository events;
    private final ObjectStore store;
    private final Duration ttl;
    private final AuditLog audit;

    /** @param audit every link issued is written there: who was shown which evidence, when */
    public EvidenceHandler(Vertx vertx, BlockingPool pool, EventRepository events, ObjectStore store, Duration ttl,
                           AuditLog audit) {
        this.audit = audit;
        this.vertx = vertx;
        this.pool = pool;
        this.events = events;
        this.store = store;
        this.ttl = ttl;
    }

    public void mount(Routes routes) {
        routes.on("getEventClip", rc -> sign(rc, "clip", Evidence::clipKey));
        routes.on("getEventSnapshot", rc -> sign(rc, "snapshot", Evidence::snapshotKey));
    }

    private void sign(RoutingContext rc, String what, Function<Evidence, String> key) {
        UUID id = EventHandler.eventId(rc);
        Principal who = Principal.of(rc);
        pool.run(vertx, () -> {
            Event event = EventHandler.find(events, id);
            String objectKey = event.evidence() == null ? null : key.apply(event.evidence());
            if (objectKey == null || objectKey.isBlank()) {
                throw ApiException.notFound("event " + id + " has no " + what);
            }
            if (!store.exists(objectKey)) {
                throw new ApiException(409, "evidence_pending", "the " + what + " of event " + id
                        + " is not in the object store yet (uploads are asynchronous); retry in a few seconds", null);
            }
            SignedUrl signed = store.presignedGet(objectKey, ttl);
            audit.append(Instant.now(), who.username(), "view_" + what, "events/" + id, objectKey);
            return new JsonObject()
                    .put("url", String.valueOf(signed.url()))
                    .put("expiresAt", signed.expiresAt().toString());
        }).onSuccess(json -> Responses.json(rc, 200, json)).onFailure(rc::fail);
    }
}
