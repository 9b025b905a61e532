package city.citywatch.api.live;

import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.json.Json;
import city.citywatch.storage.event.EventPayload;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's live feed: consumes {@code citywatch.events} from Kafka (the one path events take, DESIGN.md) and
 * publishes each change on the Vert.x event bus at {@link #ADDRESS}, from where every open WebSocket of this node
 * takes it. One consumer per node, its own group, starting at the latest offset and never committing: a live feed
 * shows what happens now; what happened while the node was down is in the event list.
 * <p>
 * Threading: the consumer is owned by one thread ({@code live-feed}), the only one that touches it; {@link #close}
 * wakes it up and waits for it to close the consumer. Close this before the Vert.x instance it publishes to.
 */
public final class LiveFeed implements AutoCloseable {
    /** Event-bus address of the changes, as the JSON text frame the WebSocket sends. */
    public static final String ADDRESS = "citywatch.live.events";
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final Vertx vertx;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param groupId          this node's consumer group (e.g. {@code citywatch-live-<host>})
     * @param clientProperties security settings for a production cluster, passed as they are
     */
    public LiveFeed(Vertx vertx, String bootstrapServers, String groupId, Map<String, String> clientProperties) {
        this.vertx = vertx;
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer());
        this.thread = new Thread(this::run, "live-feed");
        thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    /** Waits until the consumer owns its partitions (from then on, every new change is delivered). */
    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long delivered() {
        return delivered.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(EventTypes.ALL_EVENTS_TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // No committed offsets ever: position the group at the end explicitly, even if another run committed.
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position);
                    if (!partitions.isEmpty()) assigned.countDown();
                }
            });
            while (running) {
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(500))) deliver(r);
            }
        } catch (WakeupException e) {
            if (running) LOG.error("live feed woken up unexpectedly; the console gets no live events until a restart", e);
        } catch (RuntimeException e) {
            LOG.error("live feed stopped: {}; the console gets no live events until a restart", e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void deliver(ConsumerRecord<String, CloudEvent> r) {
        CloudEvent ce = r.value();
        if (ce == null || ce.getData() == null) return;
        try {
            EventChange change = Json.mapper().readValue(ce.getData().toBytes(), EventPayload.class).change();
            ObjectNode frame = Json.mapper().createObjectNode();
            frame.put("type", "event");
            frame.set("change", Json.mapper().valueToTree(change));
            vertx.eventBus().publish(ADDRESS, Json.mapper().writeValueAsString(frame));
            delivered.incrementAndGet();
        } catch (Exception e) {
            LOG.warn("live feed: record {}-{}@{} ({}) is not an event change, skipped: {}", r.topic(), r.partition(),
                    r.offset(), ce.getType(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
