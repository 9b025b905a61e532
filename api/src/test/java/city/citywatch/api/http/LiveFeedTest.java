package city.citywatch.api.http;

import city.citywatch.api.kafka.EmbeddedKafkaBroker;
import city.citywatch.api.kafka.KafkaTestBroker;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicSettings;
import city.citywatch.api.live.LiveFeed;
import city.citywatch.api.stream.AsyncApiContract;
import city.citywatch.api.stream.OutboxPublisher;
import city.citywatch.api.stream.PublisherSettings;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.json.Json;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The console's live path end to end over a real KRaft broker: an event change recorded through the outbox is
 * published by the outbox publisher, consumed from {@code citywatch.events} by the node's live feed and pushed to a
 * signed-in WebSocket; a workflow action taken through the API travels the same way and its CloudEvent transition,
 * read from Kafka, conforms to the AsyncAPI contract.
 */
class LiveFeedTest extends OneApiPerClass {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaBroker broker;
    private static TopicAdmin topics;
    private static OutboxPublisher publisher;
    private static LiveFeed feed;
    private static HttpClient client;

    @BeforeAll
    static void startStream() throws Exception {
        broker = KafkaTestBroker.shared();
        topics = new TopicAdmin(broker.bootstrapServers(), TopicSettings.embedded());
        topics.ensureStandardTopics(Duration.ofSeconds(60));
        feed = new LiveFeed(api.vertx, broker.bootstrapServers(), "test-live-" + UUID.randomUUID(), Map.of()).start();
        assertThat(feed.awaitAssigned(WAIT)).as("live feed got its partitions").isTrue();
        publisher = new OutboxPublisher(new JdbcOutboxStore(api.db), topics, PublisherSettings.defaults(broker.bootstrapServers()));
        publisher.start();
        client = api.vertx.createHttpClient();
    }

    @AfterAll
    static void stopStream() {
        // Kafka clients before Vert.x (closed by OneApiPerClass after this)
        if (publisher != null) publisher.close();
        if (feed != null) feed.close();
        if (topics != null) topics.close();
    }

    private static List<JsonObject> connect(String token) throws Exception {
        List<JsonObject> frames = new CopyOnWriteArrayList<>();
        // the handler is set on the connection's event loop as it opens, so the first frame (hello) cannot slip by
        client.webSocket(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(api.port)
                        .setURI("/api/v1/live" + (token == null ? "" : "?token=" + token)))
                .onSuccess(ws -> ws.textMessageHandler(t -> frames.add(new JsonObject(t))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(f -> "hello".equals(f.getString("type"))));
        return frames;
    }

    private static Optional<JsonObject> change(List<JsonObject> frames, UUID eventId, String transition) {
        return frames.stream().filter(f -> "event".equals(f.getString("type")))
                .map(f -> f.getJsonObject("change"))
                .filter(c -> transition.equals(c.getString("transition"))
                        && eventId.toString().equals(c.getJsonObject("event").getString("id")))
                .findFirst();
    }

    @Test
    void anEventRecordedThroughTheOutboxArrivesOnTheWebSocket() throws Exception {
        List<JsonObject> frames = connect(api.token("police", "police-pass"));
        assertThat(frames.getFirst().getJsonObject("user").getString("username")).isEqualTo("police");

        Event event = Events.opened(api.events, Events.event("cam-live", EventKind.ILLEGAL_PARKING, Instant.now()));
        await().atMost(WAIT).until(() -> change(frames, event.id(), "opened").isPresent());
        JsonObject pushed = change(frames, event.id(), "opened").orElseThrow().getJsonObject("event");
        assertThat(pushed.getString("state")).isEqualTo("open");
        assertThat(pushed.getJsonObject("camera").getString("id")).isEqualTo("cam-live");
        // the pushed event is the one GET /events/{id} answers
        HttpResponse<String> rest = api.get("/api/v1/events/" + event.id());
        assertThat(pushed).isEqualTo(new JsonObject(rest.body()));
    }

    @Test
    void aWorkflowActionIsPushedLiveAndPublishedAsAContractTransition() throws Exception {
        List<JsonObject> frames = connect(api.token("officer", "officer-pass"));
        Event event = Events.opened(api.events, Events.event("cam-flow", EventKind.ILLEGAL_PARKING, Instant.now()));
        String officer = api.token("officer", "officer-pass");
        HttpResponse<String> ack = api.send("POST", "/api/v1/events/" + event.id() + "/actions",
                "{\"action\":\"acknowledge\",\"note\":\"on it\"}", Map.of("Authorization", "Bearer " + officer));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);

        await().atMost(WAIT).until(() -> change(frames, event.id(), "acknowledged").isPresent());
        JsonObject change = change(frames, event.id(), "acknowledged").orElseThrow();
        assertThat(change.getString("actor")).isEqualTo("officer");
        assertThat(change.getString("note")).isEqualTo("on it");
        assertThat(change.getJsonObject("event").getString("state")).isEqualTo("acknowledged");

        String type = "city.citywatch.illegal_parking.acknowledged";
        byte[] raw = rawValue(EventTypes.ALL_EVENTS_TOPIC, "cam-flow", type);
        var conformance = AsyncApiContract.validateRecordValue(raw);
        assertThat(conformance.getValid()).as("record value against asyncapi/citywatch.yaml: %s", conformance.getErrors()).isTrue();
        JsonNode data = Json.mapper().readTree(raw).path("data");
        assertThat(data.path("actor").asText()).isEqualTo("officer");
        assertThat(data.path("state").asText()).isEqualTo("acknowledged");
        assertThat(data.path("id").asText()).isEqualTo(event.id().toString());
    }

    @Test
    void theSocketNeedsAValidToken() throws Exception {
        for (String token : new String[]{null, "not-a-token"}) {
            assertThatThrownBy(() -> client.webSocket(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(api.port)
                            .setURI("/api/v1/live" + (token == null ? "" : "?token=" + token)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
        }
        HttpResponse<String> plain = api.send("GET", "/api/v1/live", null, Map.of("X-Api-Key", ApiFixture.ADMIN_KEY));
        assertThat(plain.statusCode()).isEqualTo(400);
    }

    private static byte[] rawValue(String topic, String key, String type) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key()) && type.equals(Json.mapper().readTree(r.value()).path("type").asText())) return r.value();
                }
            }
        }
        throw new AssertionError("no " + type + " record for " + key + " on " + topic + " within " + WAIT);
    }
}
