package city.citywatch.ingest.health;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.HealthFinding;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.ingest.camera.CameraWorker;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outage bookkeeping against a real camera worker and RTSP server (the changes are collected as the event
 * repository would receive them; {@code CameraOfflineEventsTest} in the api module follows them to Kafka): the
 * failure class changing during an outage updates its one event, and an event left open by a previous run is
 * closed when the camera is back instead of a second one being opened.
 */
class OfflineEventsTest {
    private static final IngestSettings FAST = IngestSettings.defaults()
            .withSocketTimeout(Duration.ofSeconds(1))
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2);

    @Test
    void aChangeOfFailureClassDuringTheOutageUpdatesItsOneEventAndTheReturnClosesIt() throws Exception {
        List<EventChange> changes = new CopyOnWriteArrayList<>();
        try (RtspTestServer server = RtspTestServer.start("/cam", TestVideos.highwayH264());
             OfflineEvents offline = new OfflineEvents(Duration.ofSeconds(1), changes::add, id -> Optional.empty(),
                     Clock.systemUTC())) {
            Camera camera = new Camera("cam-u", "Underpass", server.uri("/cam"), new GeoLocation(30.6, 104.1, "Underpass"), List.of());
            offline.track(camera);
            try (CameraWorker worker = new CameraWorker(camera.id(), camera.streamUri(), FAST, f -> { }, offline::onStatus)) {
                worker.start();
                await().atMost(Duration.ofSeconds(15)).until(() -> worker.status().reason() == null
                        && worker.status().lastFrameAt() != null);

                server.kill(); // refused from now on
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 1);
                assertThat(changes.get(0).transition()).isEqualTo(Transition.OPENED);
                assertThat(changes.get(0).event().health().failure()).isEqualTo("unreachable");

                // the address answers TCP again but never speaks RTSP: the failure class becomes timeout
                try (ServerSocket silent = new ServerSocket()) {
                    silent.setReuseAddress(true);
                    silent.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                    await().atMost(Duration.ofSeconds(15)).until(() -> changes.size() == 2);
                }
                EventChange updated = changes.get(1);
                assertThat(updated.transition()).isEqualTo(Transition.UPDATED);
                assertThat(updated.event().id()).isEqualTo(changes.get(0).event().id());
                assertThat(updated.event().health().failure()).isEqualTo("timeout");
                assertThat(updated.event().health().description()).startsWith("timeout: ");

                Instant restarted = Instant.now();
                server.restart();
                await().atMost(Duration.ofSeconds(15)).until(() -> changes.stream()
                        .anyMatch(c -> c.transition() == Transition.CLOSED));
                EventChange closed = changes.get(changes.size() - 1);
                assertThat(closed.transition()).isEqualTo(Transition.CLOSED);
                assertThat(closed.event().id()).isEqualTo(changes.get(0).event().id());
                assertThat(closed.event().endedAt()).isAfter(restarted);
                assertThat(changes).filteredOn(c -> c.transition() == Transition.OPENED).hasSize(1);
            }
        }
    }

    @Test
    void anEventLeftOpenByAPreviousRunIsClosedWhenTheCameraIsBackAndNoSecondOneOpens() throws Exception {
        List<EventChange> changes = new CopyOnWriteArrayList<>();
        try (RtspTestServer server = RtspTestServer.start("/cam", TestVideos.highwayH264())) {
            Camera camera = new Camera("cam-c", "Bridge", server.uri("/cam"), null, List.of());
            Instant outageBegan = Instant.now().minusSeconds(600);
            Event left = new Event(UUID.randomUUID(), EventKind.CAMERA_HEALTH, EventState.ACKNOWLEDGED, Severity.HIGH, 1.0,
                    CameraRef.of(camera), null, null, outageBegan, null, List.of(), null, outageBegan.plusSeconds(60),
                    new HealthFinding(OfflineEvents.FINDING, 60.0, 60.0, "unreachable: no route", "unreachable", outageBegan));
            try (OfflineEvents offline = new OfflineEvents(Duration.ofSeconds(1), changes::add,
                    id -> id.equals(camera.id()) ? Optional.of(left) : Optional.empty(), Clock.systemUTC())) {
                offline.track(camera);
                try (CameraWorker worker = new CameraWorker(camera.id(), camera.streamUri(), FAST, f -> { }, offline::onStatus)) {
                    worker.start();
                    await().atMost(Duration.ofSeconds(15)).until(() -> !changes.isEmpty());
                    Thread.sleep(1500); // a wrongly opened second event would come within the threshold
                }
            }
            assertThat(changes).hasSize(1);
            EventChange closed = changes.get(0);
            assertThat(closed.transition()).isEqualTo(Transition.CLOSED);
            assertThat(closed.event().id()).isEqualTo(left.id());
            assertThat(closed.event().state()).as("the officers' workflow state is kept").isEqualTo(EventState.ACKNOWLEDGED);
            assertThat(closed.event().health().value()).as("seconds offline, from the start of the outage")
                    .isGreaterThanOrEqualTo(600);
        }
    }
}
