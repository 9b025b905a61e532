package city.citywatch.api.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics CityWatch writes to exist, with the configured partitions and replication. Topics that
 * already exist are left as they are. Thread-safe; owns one Kafka admin client, released by {@link #close()}.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final TopicSettings settings;
    /** Topics known to exist: asking the cluster once per topic is enough. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param adminOverrides extra admin client properties (security settings of a production cluster)
     */
    public TopicAdmin(String bootstrapServers, TopicSettings settings, Map<String, ?> adminOverrides) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new city.citywatch.core.validation.ValidationException("kafka.bootstrapServers", "must not be empty");
        }
        this.settings = settings;
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "citywatch-topic-admin");
        // While the cluster is down the platform keeps running; do not reconnect every 50 ms.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        config.putAll(adminOverrides);
        this.admin = Admin.create(config);
    }

    public TopicAdmin(String bootstrapServers, TopicSettings settings) {
        this(bootstrapServers, settings, Map.of());
    }

    public TopicSettings settings() {
        return settings;
    }

    /** Creates {@link TopicNames#STANDARD} where missing. */
    public void ensureStandardTopics(Duration timeout) {
        ensure(TopicNames.STANDARD, timeout);
    }

    /**
     * Creates the missing ones of {@code topics}. Safe to call concurrently from several nodes: a topic created
     * by someone else in between counts as existing.
     *
     * @throws IllegalArgumentException if a name is not a legal topic name
     * @throws KafkaRequestException if the cluster did not answer within {@code timeout}
     */
    public void ensure(Collection<String> topics, Duration timeout) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : topics) {
            TopicNames.requireLegal("topic", t);
            if (!known.contains(t)) {
                wanted.add(t);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> existing = await(admin.listTopics(new ListTopicsOptions().timeoutMs(millis(timeout))).names(),
                deadline, "listing topics");
        wanted.removeIf(t -> {
            if (existing.contains(t)) {
                known.add(t);
                return true;
            }
            return false;
        });
        if (wanted.isEmpty()) {
            return;
        }
        List<NewTopic> create = wanted.stream()
                .map(t -> new NewTopic(t, settings.partitions(), settings.replicationFactor()))
                .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(create,
                new CreateTopicsOptions().timeoutMs(millis(timeout))).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                await(r.getValue(), deadline, "creating topic " + r.getKey());
                LOG.info("created Kafka topic {} ({} partitions, replication {})", r.getKey(), settings.partitions(),
                        settings.replicationFactor());
            } catch (KafkaRequestException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            known.add(r.getKey());
        }
    }

    /** Names of the topics the cluster has (internal ones excluded). */
    public Set<String> listTopics(Duration timeout) {
        return await(admin.listTopics(new ListTopicsOptions().timeoutMs(millis(timeout))).names(),
                System.nanoTime() + timeout.toNanos(), "listing topics");
    }

    /** Partition count of an existing topic. */
    public int partitionCount(String topic, Duration timeout) {
        return await(admin.describeTopics(List.of(topic)).allTopicNames(), System.nanoTime() + timeout.toNanos(),
                "describing topic " + topic).get(topic).partitions().size();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private static <T> T await(KafkaFuture<T> future, long deadlineNanos, String what) {
        try {
            return future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaRequestException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaRequestException(what + " timed out: the Kafka cluster did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaRequestException(what + " was interrupted", e);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
