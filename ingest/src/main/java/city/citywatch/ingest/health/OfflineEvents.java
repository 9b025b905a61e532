package city.citywatch.ingest.health;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.ingest.rtsp.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns camera outages into {@code camera_health} events with the finding {@code offline}: a camera OFFLINE for
 * longer than the threshold OPENS one (failure class, last frame time, how long it has been down), a change of
 * failure class while it stays down UPDATES it, and the camera coming back CLOSES it: one event per outage, not
 * one per reconnection attempt. An outage shorter than the threshold is no event at all.
 * <p>
 * Threads: all state is owned by one thread ({@code camera-health}); status changes from the camera workers and
 * the cameras' comings and goings are posted to it, and it checks the outages once a second. The event sink may
 * block (it waits for the database); that holds up only this thread, never a camera.
 */
public final class OfflineEvents implements AutoCloseable {
    public static final String FINDING = "offline";
    private static final Logger log = LoggerFactory.getLogger(OfflineEvents.class);
    private static final String ACTOR = "system";
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Duration threshold;
    private final EventSink sink;
    private final Function<String, Optional<Event>> carriedOver;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Map<String, Outage> cameras = new HashMap<>();

    /** One camera as this class sees it; touched by the owner thread only. */
    private static final class Outage {
        final CameraRef camera;
        CameraStatus last;
        Instant offlineSince;
        Event open;
        String openFailure;

        Outage(CameraRef camera) {
            this.camera = camera;
        }
    }

    /**
     * @param threshold   how long a camera must be OFFLINE before its event opens
     * @param carriedOver a camera's open {@code offline} event left by an earlier run, if any (closed when the
     *                    camera is back, instead of opening a second one for the same outage)
     */
    public OfflineEvents(Duration threshold, EventSink sink, Function<String, Optional<Event>> carriedOver, Clock clock) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("offline threshold must be > 0, got " + threshold);
        }
        this.threshold = threshold;
        this.sink = sink;
        this.carriedOver = carriedOver;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-health");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code camera}. Any thread. */
    public void track(Camera camera) {
        post(() -> {
            Outage o = new Outage(CameraRef.of(camera));
            carriedOver.apply(camera.id()).ifPresent(e -> {
                // still down as far as we know: the outage goes on from when the event says it began
                o.open = e;
                o.offlineSince = e.startedAt();
                o.openFailure = e.health() == null ? null : e.health().failure();
                log.info("camera {}: continuing its offline event {} from an earlier run", camera.id(), e.id());
            });
            cameras.put(camera.id(), o);
        });
    }

    /**
     * Stops watching the camera (removed, or the node stops). Its open event is left open: a node that starts again
     * continues it, so a restart is neither a recovery nor a second outage.
     */
    public void untrack(String cameraId) {
        post(() -> cameras.remove(cameraId));
    }

    /** A status change reported by the camera's worker. Any thread; never blocks. */
    public void onStatus(CameraStatus status) {
        post(() -> {
            Outage o = cameras.get(status.cameraId());
            if (o == null) return;
            if ("stopped".equals(status.failure())) {
                // this node stopped pulling the camera: not an outage (its open event, if any, stays open)
                cameras.remove(status.cameraId());
                return;
            }
            o.last = status;
            if (status.state() == CameraState.OFFLINE) {
                if (o.offlineSince == null) o.offlineSince = status.since();
                if (o.open != null && !java.util.Objects.equals(failureOf(status), o.openFailure)) update(o);
            } else if (status.state() == CameraState.ONLINE) {
                if (o.open != null) close(o, status.since());
                o.offlineSince = null;
            }
        });
    }

    private void check() {
        try {
            Instant now = clock.instant();
            for (Outage o : List.copyOf(cameras.values())) {
                if (o.offlineSince != null && o.open == null
                        && Duration.between(o.offlineSince, now).compareTo(threshold) >= 0) {
                    open(o, now);
                }
            }
        } catch (RuntimeException e) {
            log.error("checking camera outages failed; will check again in {} s", CHECK_EVERY.toSeconds(), e);
        }
    }

    private void open(Outage o, Instant now) {
        HealthFinding health = finding(o, now);
        Event e = new Event(UUID.randomUUID(), EventKind.CAMERA_HEALTH, EventState.OPEN, Severity.HIGH, 1.0, o.camera,
                null, null, o.offlineSince, null, List.of(), null, now, health);
        if (publish(new EventChange(e, Transition.OPENED, ACTOR, now, health.description()))) {
            o.open = e;
            o.openFailure = health.failure();
            log.warn("camera {}: offline for {} s ({}); camera_health event {} opened", o.camera.id(),
                    Duration.between(o.offlineSince, now).toSeconds(), health.description(), e.id());
        }
    }

    private void update(Outage o) {
        Instant now = clock.instant();
        HealthFinding health = finding(o, now);
        Event e = o.open.withHealth(health, now);
        if (publish(new EventChange(e, Transition.UPDATED, ACTOR, now, health.description()))) {
            o.open = e;
            o.openFailure = health.failure();
        }
    }

    private void close(Outage o, Instant backAt) {
        Instant now = clock.instant();
        Instant since = o.offlineSince != null ? o.offlineSince : o.open.startedAt();
        double down = Duration.between(since, backAt).toMillis() / 1000.0;
        HealthFinding before = o.open.health();
        HealthFinding health = new HealthFinding(FINDING, down, (double) threshold.toSeconds(),
                "back online after " + Math.round(down) + " s offline",
                before == null ? null : before.failure(), backAt);
        Event e = o.open.withHealth(health, now).ended(backAt);
        if (publish(new EventChange(e, Transition.CLOSED, ACTOR, now, health.description()))) {
            log.info("camera {}: back online after {} s; camera_health event {} closed", o.camera.id(), Math.round(down), e.id());
            o.open = null;
            o.openFailure = null;
        }
    }

    private HealthFinding finding(Outage o, Instant now) {
        CameraStatus s = o.last;
        double down = Duration.between(o.offlineSince, now).toMillis() / 1000.0;
        String reason = s == null || s.reason() == null ? "no status from the camera's worker yet" : s.reason();
        return new HealthFinding(FINDING, down, (double) threshold.toSeconds(), reason, s == null ? null : failureOf(s),
                s == null ? null : s.lastFrameAt());
    }

    /** The failure class an OFFLINE status states: its reason starts with the class's wire name. */
    static String failureOf(CameraStatus s) {
        String reason = s.reason();
        if (reason == null) return null;
        int colon = reason.indexOf(':');
        String prefix = colon < 0 ? reason : reason.substring(0, colon);
        for (FailureKind k : FailureKind.values()) if (k.wireName().equals(prefix)) return prefix;
        return null;
    }

    /** @return whether the sink took the change; a refusal on its merits is logged and not retried */
    private boolean publish(EventChange change) {
        try {
            sink.accept(change);
            return true;
        } catch (RuntimeException e) {
            log.error("camera {}: the camera_health {} change was refused: {}", change.event().camera().id(),
                    change.transition().wireName(), e.toString());
            return false;
        }
    }

    private void post(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("camera health bookkeeping failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: the node is stopping, nothing more to report
        }
    }

    /** Stops the thread after the changes already posted; open events stay open (see {@link #untrack}). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
