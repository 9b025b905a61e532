package city.citywatch.api.stream;

import city.citywatch.api.kafka.EmbeddedKafkaBroker;
import city.citywatch.api.kafka.TopicAdmin;
import city.citywatch.api.kafka.TopicSettings;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventObject;
import city.citywatch.core.event.EventState;
import city.citywatch.core.event.EventTypes;
import city.citywatch.core.event.Severity;
import city.citywatch.core.event.Transition;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.json.Json;
import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.storage.db.Database;
import city.citywatch.storage.db.DatabaseSettings;
import city.citywatch.storage.event.EventPayload;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The event stream's costs on this machine: embedded broker start (first, formatting), restart and memory;
 * outbox-to-Kafka throughput for a backlog; and the latency from recording an event to a consumer seeing it.
 * Usage: {@code PublishBenchmark [sharedDir] [--events N]}; the shared folder is not needed. Last line: one
 * JSON object.
 */
public final class PublishBenchmark {

    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = 2000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--events") && i + 1 < args.length) {
                events = Integer.parseInt(args[++i]);
            }
        }
        Path work = Files.createTempDirectory("citywatch-publish-bench");
        try {
            run(work, events);
        } finally {
            deleteTree(work);
        }
    }

    private static void run(Path work, int events) throws Exception {
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0, Duration.ofSeconds(120));
        double firstStartMs = ms(t0);
        double rssAfterStartMb = rssMb(broker.pid());
        t0 = System.nanoTime();
        broker.restart();
        double restartMs = ms(t0);
        System.out.printf("broker: first start %.0f ms, restart %.0f ms, RSS %.0f MB%n", firstStartMs, restartMs,
                rssAfterStartMb);

        try (broker;
             Database db = Database.open(DatabaseSettings.embedded(work.resolve("db")));
             TopicAdmin topics = new TopicAdmin(broker.bootstrapServers(), TopicSettings.embedded())) {
            topics.ensureStandardTopics(Duration.ofSeconds(30));
            EventRepository repo = new EventRepository(db);
            JdbcOutboxStore outbox = new JdbcOutboxStore(db);
            int cameras = 20;
            Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long r0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                repo.record(opened("bench-" + (i % cameras), base.plusMillis(i)));
            }
            double recordMs = ms(r0);
            long rows = outbox.pendingCount();

            PublisherSettings settings = PublisherSettings.defaults(broker.bootstrapServers());
            long p0;
            double backlogMs;
            try (OutboxPublisher publisher = new OutboxPublisher(outbox, topics, settings)) {
                p0 = System.nanoTime();
                publisher.start();
                while (outbox.pendingCount() > 0) {
                    Thread.sleep(20);
                }
                backlogMs = ms(p0);
                System.out.printf("backlog: %d events (%d outbox rows, %d cameras) recorded in %.0f ms, published in "
                        + "%.0f ms = %.0f rows/s%n", events, rows, cameras, recordMs, backlogMs, rows * 1000.0 / backlogMs);
                double outboxRate = rows * 1000.0 / backlogMs;
                double directRate = directRowsPerSecond(topics, settings, (int) rows, cameras, base);
                System.out.printf("baseline: the same CloudEvents sent straight from one producer (no outbox reads, no "
                        + "acknowledgement bookkeeping): %.0f rows/s; outbox publisher = %.2f x baseline%n",
                        directRate, outboxRate / directRate);

                double[] latencies = latencies(broker, repo, publisher, 50);
                double rssAfterLoadMb = rssMb(broker.pid());
                System.out.printf("latency record->consumed over %d events: p50 %.1f ms, p95 %.1f ms, max %.1f ms; "
                        + "broker RSS after load %.0f MB%n", latencies.length, pct(latencies, 50), pct(latencies, 95),
                        latencies[latencies.length - 1], rssAfterLoadMb);
                t0 = System.nanoTime();
                broker.stop();
                double stopMs = ms(t0);
                System.out.printf("{\"benchmark\":\"publish\",\"brokerFirstStartMs\":%.0f,\"brokerRestartMs\":%.0f,"
                                + "\"brokerStopMs\":%.0f,\"brokerRssMb\":%.0f,\"brokerRssAfterLoadMb\":%.0f,\"events\":%d,"
                                + "\"outboxRows\":%d,\"backlogRowsPerSecond\":%.0f,\"latencyP50Ms\":%.1f,"
                                + "\"latencyP95Ms\":%.1f,\"latencyMaxMs\":%.1f,\"directRowsPerSecond\":%.0f,"
                                + "\"outboxVsDirect\":%.2f}%n",
                        firstStartMs, restartMs, stopMs, rssAfterStartMb, rssAfterLoadMb, events, rows,
                        outboxRate, pct(latencies, 50), pct(latencies, 95),
                        latencies[latencies.length - 1], directRate, outboxRate / directRate);
            }
        }
    }

    /**
     * The baseline of the same run: the same number of CloudEvents of the same size, built the same way and sent by
     * a producer with the publisher's settings, all in flight at once and flushed: what Kafka and the client take
     * on this machine without the outbox.
     */
    private static double directRowsPerSecond(TopicAdmin topics, PublisherSettings settings, int rows, int cameras,
                                              Instant base) throws Exception {
        String topic = "citywatch.bench-direct";
        topics.ensure(List.of(topic), Duration.ofSeconds(30));
        List<CloudEvent> ces = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            EventChange c = opened("bench-" + (i % cameras), base.plusMillis(i));
            byte[] data = Json.mapper().writeValueAsBytes(EventPayload.of(c));
            ces.add(OutboxCloudEvents.toCloudEvent(new OutboxMessage(i, UUID.randomUUID(), topic, c.event().camera().id(),
                    "city.citywatch.illegal_parking.opened", "/cameras/" + c.event().camera().id(), "kerb", c.at(), data, 0)));
        }
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(OutboxPublisher.producerConfig(settings),
                new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, "warm-up", ces.get(0))).get(); // connection and metadata
            long t0 = System.nanoTime();
            for (CloudEvent ce : ces) producer.send(new ProducerRecord<>(topic, ce.getSource().getPath().substring(9), ce));
            producer.flush();
            return rows * 1000.0 / ms(t0);
        }
    }

    /** Records one event at a time and measures until a consumer has it. */
    private static double[] latencies(EmbeddedKafkaBroker broker, EventRepository repo, OutboxPublisher publisher,
                                      int samples) throws InterruptedException {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        List<Double> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(EventTypes.ALL_EVENTS_TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            for (int i = 0; i < samples; i++) {
                String camera = "latency-" + i;
                long start = System.nanoTime();
                repo.record(opened(camera, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
                publisher.nudge();
                long deadline = start + Duration.ofSeconds(30).toNanos();
                while (!seen.containsKey(camera) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        seen.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
                Long at = seen.get(camera);
                if (at == null) {
                    throw new IllegalStateException("event of " + camera + " not consumed within 30 s");
                }
                out.add((at - start) / 1e6);
            }
        }
        double[] sorted = out.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static EventChange opened(String cameraId, Instant at) {
        Event e = new Event(UUID.randomUUID(), EventKind.ILLEGAL_PARKING, EventState.OPEN, Severity.MEDIUM, 0.9,
                new CameraRef(cameraId, cameraId, new GeoLocation(31.23, 121.47, "bench street")), "kerb", "traffic",
                at, null, List.of(new EventObject(1, "car", new BoundingBox(10, 10, 110, 90), 300)), null, at);
        return new EventChange(e, Transition.OPENED, "system", at, null);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
