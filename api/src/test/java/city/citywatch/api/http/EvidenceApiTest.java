package city.citywatch.api.http;

import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvidenceApiTest extends OneApiPerClass {
    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void signedClipAndSnapshotUrlsFetchTheStoredBytes() throws Exception {
        Event event = Events.opened(api.events, Events.event("cam-e", EventKind.ILLEGAL_PARKING, Instant.now().minusSeconds(30)));
        byte[] clip = randomBytes(300_000, 1);
        byte[] snapshot = randomBytes(40_000, 2);
        api.store.put(event.evidence().clipKey(), clip, "video/mp4");
        api.store.put(event.evidence().snapshotKey(), snapshot, "image/jpeg");

        for (var expected : List.of(new Object[]{"clip", clip}, new Object[]{"snapshot", snapshot})) {
            String what = (String) expected[0];
            Instant asked = Instant.now();
            HttpResponse<String> response = api.get("/api/v1/events/" + event.id() + "/" + what);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            contract.assertConforms(what.equals("clip") ? "getEventClip" : "getEventSnapshot", response);
            JsonObject signed = json(response);
            Instant expiresAt = Instant.parse(signed.getString("expiresAt"));
            assertThat(Duration.between(asked, expiresAt).toSeconds()).isCloseTo(300, within(30L));
            URI url = URI.create(signed.getString("url"));
            assertThat(url.getQuery()).contains("X-Amz-Signature=");
            HttpResponse<byte[]> object = api.http.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(object.statusCode()).as(what).isEqualTo(200);
            assertThat(object.body()).as(what).isEqualTo(expected[1]);

            // The signature covers the object key: the same URL pointed at another object is refused.
            URI tampered = URI.create(url.toString().replace(event.id().toString(), UUID.randomUUID().toString()));
            HttpResponse<byte[]> refused = api.http.send(HttpRequest.newBuilder(tampered).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(refused.statusCode()).as(what + " with a forged key").isEqualTo(403);
        }
    }

    @Test
    void evidenceNotUploadedYetIsPending() throws Exception {
        Event event = Events.opened(api.events, Events.event("cam-p", EventKind.DEBRIS, Instant.now().minusSeconds(5)));

        HttpResponse<String> clip = api.get("/api/v1/events/" + event.id() + "/clip");
        assertThat(clip.statusCode()).isEqualTo(409);
        contract.assertConforms("getEventClip", clip);
        assertThat(error(clip).getString("code")).isEqualTo("evidence_pending");
        assertThat(error(clip).getString("message")).contains("retry");

        // Once the upload lands, the same request succeeds.
        api.store.put(event.evidence().clipKey(), randomBytes(1000, 3), "video/mp4");
        assertThat(api.get("/api/v1/events/" + event.id() + "/clip").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/events/" + event.id() + "/snapshot").statusCode()).isEqualTo(409);
    }

    @Test
    void eventWithoutEvidenceIs404() throws Exception {
        Instant t = Instant.now().minusSeconds(60);
        Event bare = new Event(UUID.randomUUID(), EventKind.CAMERA_HEALTH, EventState.OPEN, Severity.LOW, 1.0,
                new CameraRef("cam-h", "Health", null), null, null, t, null, List.of(), null, t);
        api.events.record(new EventChange(bare, Transition.OPENED, "system", t, null));

        for (String what : List.of("clip", "snapshot")) {
            HttpResponse<String> response = api.get("/api/v1/events/" + bare.id() + "/" + what);
            assertThat(response.statusCode()).isEqualTo(404);
            contract.assertConforms(what.equals("clip") ? "getEventClip" : "getEventSnapshot", response);
            assertThat(error(response).getString("message")).isEqualTo("event " + bare.id() + " has no " + what);
        }
        // The camera-health event itself conforms to the Event schema (null zone, department, evidence, location).
        HttpResponse<String> one = api.get("/api/v1/events/" + bare.id());
        assertThat(one.statusCode()).isEqualTo(200);
        contract.assertConforms("getEvent", one);
    }
}
