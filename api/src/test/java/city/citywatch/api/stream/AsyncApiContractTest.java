package city.citywatch.api.stream;

import city.citywatch.api.kafka.TopicNames;
import city.citywatch.core.event.EventTypes;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document names the topics the code publishes to, and its schema really rejects a bad envelope. */
class AsyncApiContractTest {

    @Test
    void theDocumentedChannelsAreTheTopicsTheCodeUses() {
        JsonObject channels = AsyncApiContract.document().getJsonObject("channels");
        assertThat(channels.getJsonObject("events").getString("address")).isEqualTo(EventTypes.ALL_EVENTS_TOPIC)
                .isEqualTo(TopicNames.EVENTS);
        assertThat(channels.getJsonObject("cameraHealth").getString("address")).isEqualTo(EventTypes.CAMERA_HEALTH_TOPIC);
        assertThat(channels.getJsonObject("dispatch").getString("address").replace("{department}", "traffic-police"))
                .isEqualTo(TopicNames.dispatch("traffic-police"));
    }

    @Test
    void theSchemaRejectsWhatTheContractDoesNotAllow() {
        String good = """
                {"specversion":"1.0","id":"7f1c7a52-8f0e-4d6e-9a53-0f6a3a3b9d11","source":"/cameras/k295",
                 "type":"city.citywatch.illegal_parking.opened","subject":"shoulder","time":"2026-11-21T10:00:00Z",
                 "datacontenttype":"application/json",
                 "data":{"id":"0b6e1d36-5f5c-4c1e-a3a8-0f3a7c0b9b21","kind":"illegal_parking","state":"open",
                   "severity":"high","confidence":0.7,
                   "camera":{"id":"k295","name":"K295","location":{"lat":30.6,"lon":104.1,"address":"S2"}},
                   "zoneId":"shoulder","department":"traffic-police","startedAt":"2026-11-21T10:00:00Z","endedAt":null,
                   "objects":[{"trackId":3,"label":"car","box":{"x1":1,"y1":2,"x2":3,"y2":4},"dwellSeconds":11}],
                   "evidence":{"snapshotKey":"s.jpg","clipKey":"c.mp4","clipFrom":"2026-11-21T09:59:50Z",
                     "clipTo":"2026-11-21T10:00:10Z"},
                   "updatedAt":"2026-11-21T10:00:00Z","transition":"opened","actor":"system",
                   "at":"2026-11-21T10:00:00Z","note":null}}""";
        assertThat(valid(good)).as("a well-formed opened event").isTrue();
        assertThat(valid(good.replace("illegal_parking.opened", "illegal_parking.parked"))).as("unknown transition").isFalse();
        assertThat(valid(good.replace("\"/cameras/k295\"", "\"k295\""))).as("source not /cameras/<id>").isFalse();
        assertThat(valid(good.replace("\"state\":\"open\"", "\"state\":\"OPEN\""))).as("state casing").isFalse();
        assertThat(valid(good.replace("\"dwellSeconds\":11", "\"dwellSeconds\":11,\"extra\":1"))).as("undocumented field").isFalse();

        String health = good.replace("illegal_parking", "camera_health").replace("\"subject\":\"shoulder\",", "\"subject\":\"too_dark\",")
                .replace("\"zoneId\":\"shoulder\",\"department\":\"traffic-police\"", "\"zoneId\":null,\"department\":null")
                .replace("\"objects\":[{\"trackId\":3,\"label\":\"car\",\"box\":{\"x1\":1,\"y1\":2,\"x2\":3,\"y2\":4},\"dwellSeconds\":11}]",
                        "\"objects\":[]")
                .replace("\"updatedAt\":\"2026-11-21T10:00:00Z\",", "\"updatedAt\":\"2026-11-21T10:00:00Z\",\"health\":{\"finding\":\"too_dark\","
                        + "\"value\":18.2,\"threshold\":35.0,\"description\":\"too_dark: mean luma 18.2, too dark below 35.0\"},");
        assertThat(health).contains("\"health\":{\"finding\":\"too_dark\"");
        assertThat(valid(health)).as("a camera_health event with its finding").isTrue();
        assertThat(valid(health.replace("\"value\":18.2", "\"value\":null"))).as("a finding without a measure").isTrue();
        assertThat(valid(health.replace("\"finding\":\"too_dark\"", "\"finding\":\"Too Dark\""))).as("finding name").isFalse();
        assertThat(valid(health.replace("\"threshold\":35.0", "\"threshold\":35.0,\"x\":1"))).as("undocumented field").isFalse();
    }

    private static boolean valid(String json) {
        OutputUnit out = AsyncApiContract.validateRecordValue(json.getBytes(StandardCharsets.UTF_8));
        return out.getValid();
    }
}
