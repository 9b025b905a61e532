package city.citywatch.api.stream;

import city.citywatch.api.kafka.KafkaRequestException;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicNames;
import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.core.outbox.OutboxStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox rows to Kafka as CloudEvents (structured JSON mode: the whole envelope is the record value;
 * key = camera id) and marks a row sent only after the broker acknowledged it with {@code acks=all}. While
 * Kafka is down rows simply stay pending and the publisher backs off; nothing is lost. A row may reach Kafka
 * twice only if the broker stored it but the acknowledgement was lost; consumers de-duplicate by CloudEvent id.
 *
 * <p>Order per key: the rows of one camera for one topic are sent one after the other, each only after the
 * previous one was acknowledged, and the first failure stops that camera's rows on that topic for the round, so
 * a retried row is never overtaken by a later one. Rows of different cameras and topics go out together, so a
 * backlog drains at one round-trip per row of the busiest camera.
 *
 * <p>Owns one thread ({@code outbox-publisher}, started by {@link #start()}) and one Kafka producer; both end
 * with {@link #close()}. The {@link TopicAdmin} is borrowed: the caller closes it after this.
 */
public final class OutboxPublisher implements AutoCloseable {
    private static final Duration KEEP_SENT = Duration.ofDays(1);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final OutboxStore store;
    private final TopicAdmin topics;
    private final PublisherSettings settings;
    private final KafkaProducer<String, CloudEvent> producer;
    private final Duration topicTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean nudged;
    private volatile boolean running;
    private Thread thread;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean kafkaAvailable = true;
    private volatile boolean storeAvailable = true;
    private long downSinceNanos;

    public OutboxPublisher(OutboxStore store, TopicAdmin topics, PublisherSettings settings) {
        this.store = store;
        this.topics = topics;
        this.settings = settings;
        Map<String, Object> config = producerConfig(settings);
        this.topicTimeout = Duration.ofMillis(Long.parseLong(String.valueOf(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG))));
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(
                CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** The producer properties: durable, idempotent, with every wait bounded so an outage ends a round. */
    static Map<String, Object> producerConfig(PublisherSettings settings) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "citywatch-outbox-publisher");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // The client's own "connection could not be established" warning repeats at every reconnect; while the
        // cluster is down, try every 5 s at most.
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        c.putAll(settings.producerOverrides());
        return c;
    }

    /** Starts the publishing thread. */
    public void start() {
        lock.lock();
        try {
            if (thread != null) {
                throw new IllegalStateException("the outbox publisher was already started");
            }
            running = true;
            thread = new Thread(this::run, "outbox-publisher");
            // Daemon: a forgotten close() must not keep the JVM alive; the outbox keeps what was not sent.
            thread.setDaemon(true);
            thread.start();
        } finally {
            lock.unlock();
        }
        LOG.info("outbox publisher started: Kafka {}, {} rows a round", settings.bootstrapServers(),
                settings.batchSize());
    }

    /** New rows are in the outbox: publish them now instead of at the next poll. Ignored while Kafka is down. */
    public void nudge() {
        lock.lock();
        try {
            nudged = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rows acknowledged by Kafka since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Send attempts that failed since start (each retry of a row counts). */
    public long failureCount() {
        return failures.get();
    }

    /** Rows waiting in the outbox now (asks the store). */
    public long pendingCount() {
        return store.pendingCount();
    }

    /** False from the first failed round until Kafka acknowledges again. */
    public boolean kafkaAvailable() {
        return kafkaAvailable;
    }

    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            running = false;
            t = thread;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            join(t, CLOSE_GRACE);
            if (t.isAlive()) {
                // Stuck waiting for acknowledgements from an unreachable cluster: abort the sends. The rows stay
                // pending and go out after the next start.
                producer.close(Duration.ZERO);
                join(t, CLOSE_GRACE);
            }
        }
        producer.close(CLOSE_GRACE);
        LOG.info("outbox publisher stopped ({} published, {} failed attempts)", published.get(), failures.get());
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        Instant nextPurge = Instant.now().plus(PURGE_EVERY);
        while (running) {
            Round round = safeRound();
            if (Instant.now().isAfter(nextPurge)) {
                purgeSentRows();
                nextPurge = Instant.now().plus(PURGE_EVERY);
            }
            if (round.blocked() != null || round.refusedOnly()) {
                // Kafka or the database is down, or every row tried was refused: retrying at once would only
                // repeat the same failure.
                backoff = backoff.isZero() ? settings.pollInterval() : min(backoff.multipliedBy(2), settings.maxBackoff());
                await(backoff, round.refusedOnly());
            } else {
                backoff = Duration.ZERO;
                if (!round.full()) {
                    await(settings.pollInterval(), true);
                }
            }
        }
    }

    /** Sent rows stay a day for operators to inspect, then go: the outbox is a queue, not an archive. */
    private void purgeSentRows() {
        try {
            int purged = store.purgeSent(Instant.now().minus(KEEP_SENT));
            if (purged > 0) LOG.info("purged {} outbox row(s) sent more than {} ago", purged, KEEP_SENT);
        } catch (RuntimeException e) {
            LOG.warn("could not purge sent outbox rows ({}); will try again in {}", e.getMessage(), PURGE_EVERY);
        }
    }

    /** One round; never throws, so the thread survives a database or Kafka outage. */
    private Round safeRound() {
        try {
            Round round = publishRound();
            if (!storeAvailable) {
                storeAvailable = true;
                LOG.info("outbox readable again; publishing resumes");
            }
            if (round.blocked() != null) {
                kafkaDown(round.blocked());
            } else if (round.sent() > 0 || round.attempted() == 0) {
                kafkaUp();
            }
            return round;
        } catch (RuntimeException e) {
            if (!running) {
                return new Round(0, 0, false, e);
            }
            if (storeAvailable) {
                storeAvailable = false;
                LOG.warn("cannot read or update the outbox ({}); events wait in the database, retrying with back-off",
                        e.toString());
            } else {
                LOG.debug("outbox still unavailable", e);
            }
            return new Round(0, 0, false, e);
        }
    }

    private Round publishRound() {
        List<OutboxMessage> batch = store.pending(settings.batchSize());
        if (batch.isEmpty()) {
            return new Round(0, 0, false, null);
        }
        boolean full = batch.size() == settings.batchSize();
        // Order matters within a topic partition, i.e. per (topic, key): one queue each.
        Map<Stream, ArrayDeque<OutboxMessage>> queues = new LinkedHashMap<>();
        for (OutboxMessage m : batch) {
            queues.computeIfAbsent(new Stream(m.topic(), m.key()), k -> new ArrayDeque<>()).add(m);
        }
        Set<String> badTopics = ensureTopics(batch);
        int sent = 0;
        int attempted = 0;
        Throwable retriable = null;
        while (!queues.isEmpty() && running) {
            List<InFlight> wave = new ArrayList<>();
            for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
                var queue = it.next().getValue();
                OutboxMessage m = queue.poll();
                attempted++;
                wave.add(new InFlight(m, send(m, badTopics)));
                if (queue.isEmpty()) {
                    it.remove();
                }
            }
            producer.flush();
            List<Long> acknowledged = new ArrayList<>(wave.size());
            for (InFlight f : wave) {
                Throwable error = outcome(f.future());
                if (error == null) {
                    acknowledged.add(f.message().id());
                } else {
                    failed(f.message(), error);
                    release(queues.remove(Stream.of(f.message())));
                    if (isRetriable(error)) {
                        retriable = error;
                    }
                }
            }
            // Marked only now, after the broker acknowledged each one; a crash before this re-sends the wave
            // (same CloudEvent ids), never loses it.
            store.markSent(acknowledged);
            published.addAndGet(acknowledged.size());
            sent += acknowledged.size();
        }
        // Closing: hand back what this round claimed but did not try.
        queues.values().forEach(this::release);
        return new Round(sent, attempted, full && sent > 0 && retriable == null, retriable);
    }

    /**
     * The store leases the rows it hands out; rows held back behind a failed one (or not reached because the
     * publisher is stopping) are handed back at once, uncounted, so they come again instead of when the lease
     * runs out. The store then offers only the failed head of that stream until it goes through.
     */
    private void release(ArrayDeque<OutboxMessage> heldBack) {
        if (heldBack == null || heldBack.isEmpty()) {
            return;
        }
        store.release(heldBack.stream().map(OutboxMessage::id).toList());
        heldBack.clear();
    }

    /** Sends one row; a row that cannot even be handed to the producer gets an already failed future. */
    private Future<RecordMetadata> send(OutboxMessage m, Set<String> badTopics) {
        try {
            if (badTopics.contains(m.topic())) {
                throw new IllegalArgumentException("topic '" + m.topic() + "' is missing and could not be created");
            }
            TopicNames.requireLegal("outbox.topic", m.topic());
            CloudEvent ce = OutboxCloudEvents.toCloudEvent(m);
            return producer.send(new ProducerRecord<>(m.topic(), m.key(), ce));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Creates the topics of the batch that do not exist yet (dispatch topics appear with the first event of a
     * department). Returns the topics that cannot be created; an unreachable cluster is not a bad topic: its
     * rows simply fail to send and wait.
     */
    private Set<String> ensureTopics(List<OutboxMessage> batch) {
        Set<String> bad = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        for (OutboxMessage m : batch) {
            if (TopicNames.isLegal(m.topic())) {
                distinct.add(m.topic());
            }
        }
        for (String topic : distinct) {
            try {
                topics.ensure(List.of(topic), topicTimeout);
            } catch (KafkaRequestException e) {
                if (!isRetriable(e.getCause())) {
                    LOG.warn("cannot create Kafka topic {}: {}", topic, e.getMessage());
                    bad.add(topic);
                }
            }
        }
        return bad;
    }

    private void failed(OutboxMessage m, Throwable error) {
        failures.incrementAndGet();
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        store.markFailed(m.id(), text);
        if (!isRetriable(error)) {
            // A row that Kafka refuses blocks its camera's later rows; tell the operator once, on its first try.
            if (m.attempts() == 0) {
                LOG.warn("outbox row {} (CloudEvent {}, topic {}, camera {}) was refused: {}; it stays pending and "
                        + "holds back the later events of that camera until fixed", m.id(), m.ceId(), m.topic(),
                        m.key(), text);
            } else {
                LOG.debug("outbox row {} refused again: {}", m.id(), text);
            }
        }
    }

    private void kafkaDown(Throwable cause) {
        if (kafkaAvailable) {
            kafkaAvailable = false;
            downSinceNanos = System.nanoTime();
            long pending = safePendingCount();
            LOG.warn("Kafka at {} is not acknowledging ({}); {} events wait in the outbox, retrying with back-off up "
                    + "to {}", settings.bootstrapServers(), cause.toString(), pending, settings.maxBackoff());
        }
    }

    private void kafkaUp() {
        if (!kafkaAvailable) {
            kafkaAvailable = true;
            LOG.info("Kafka at {} acknowledges again after {} s; publishing the waiting events",
                    settings.bootstrapServers(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSinceNanos));
        }
    }

    private long safePendingCount() {
        try {
            return store.pendingCount();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Throwable outcome(Future<RecordMetadata> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Waits for {@code d}, or less if nudged and {@code nudgeable}, or until closed. */
    private void await(Duration d, boolean nudgeable) {
        long remaining = d.toNanos();
        lock.lock();
        try {
            while (running && remaining > 0 && !(nudgeable && nudged)) {
                remaining = wake.awaitNanos(remaining);
            }
            nudged = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void join(Thread t, Duration d) {
        try {
            t.join(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record InFlight(OutboxMessage message, Future<RecordMetadata> future) {
    }

    /** One Kafka topic and key: the unit whose order consumers see. */
    private record Stream(String topic, String key) {
        static Stream of(OutboxMessage m) {
            return new Stream(m.topic(), m.key());
        }
    }

    /**
     * @param full    the batch was full and nothing blocked: more rows are probably waiting, go again at once
     * @param blocked why the round stopped early (Kafka or the outbox unreachable); null if it did not
     */
    private record Round(int sent, int attempted, boolean full, Throwable blocked) {
        boolean refusedOnly() {
            return blocked == null && attempted > 0 && sent == 0;
        }
    }
}
