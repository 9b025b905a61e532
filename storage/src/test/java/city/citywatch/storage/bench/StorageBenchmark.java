package city.citywatch.storage.bench;

import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.Transition;
import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.storage.event.EventPage;
import city.citywatch.storage.event.EventQuery;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.objectstore.EmbeddedS3Server;
import city.citywatch.storage.objectstore.EvidenceUploader;
import city.citywatch.storage.objectstore.ObjectStore;
import city.citywatch.storage.objectstore.ObjectStoreSettings;
import city.citywatch.storage.objectstore.UploaderSettings;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.Fixtures;
import city.citywatch.storage.testing.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Throughput of the storage paths an analysis node leans on: recording event changes (event + transition +
 * outbox rows per transaction), listing events a page at a time, draining the outbox the way the Kafka
 * publisher does, and evidence uploads through the spool, on H2 and on the PostgreSQL test peer.
 * Prints one line per figure; the last line is one JSON object with all of them.
 *
 * <p>Run: {@code mvn -o -q -pl storage test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=city.citywatch.storage.bench.StorageBenchmark [-Dexec.args=EVENTS]}
 */
public final class StorageBenchmark {
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        new StorageBenchmark().run(events);
    }

    private void run(int events) throws Exception {
        Path tmp = Files.createTempDirectory("citywatch-storage-bench");
        try {
            figures.put("events", events);
            for (Engine engine : Engine.values()) database(engine, tmp.resolve(engine.name()), events);
            evidence(tmp.resolve("evidence"), 200, 100_000);
        } finally {
            deleteTree(tmp);
        }
        StringBuilder json = new StringBuilder("{");
        figures.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
        System.out.println(json.append('}'));
    }

    private void database(Engine engine, Path dir, int n) {
        String p = engine.name().toLowerCase(Locale.ROOT) + ".";
        try (TestDatabase t = TestDatabase.open(engine, dir)) {
            EventRepository repo = new EventRepository(t.db());
            List<Event> opened = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                opened.add(Fixtures.event("cam-" + (i % 40), "kerb", EventKind.values()[i % 4], Fixtures.T0.plusMillis(i * 250L)));
            }
            repo.record(Fixtures.opened(opened.get(0))); // warm up
            long t0 = System.nanoTime();
            for (int i = 1; i < n; i++) repo.record(Fixtures.opened(opened.get(i)));
            double openMs = ms(t0);
            put(p + "record_opened_per_s", (n - 1) / (openMs / 1000));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Event e = opened.get(i);
                repo.record(new EventChange(e.withObjects(e.objects(), 0.9, e.startedAt().plusSeconds(5)), Transition.UPDATED,
                        "system", e.startedAt().plusSeconds(5), null));
            }
            put(p + "record_updated_per_s", n / (ms(t0) / 1000));

            Random random = new Random(1);
            double[] firstPage = new double[200];
            for (int i = 0; i < firstPage.length; i++) {
                long s = System.nanoTime();
                repo.query(new EventQuery("cam-" + random.nextInt(40), null, null, null, null, 50, null));
                firstPage[i] = ms(s);
            }
            put(p + "query_camera_page50_p50_ms", percentile(firstPage, 50));
            put(p + "query_camera_page50_p95_ms", percentile(firstPage, 95));
            t0 = System.nanoTime();
            int pages = 0;
            for (EventQuery q = EventQuery.latest(100); ; ) {
                EventPage page = repo.query(q);
                pages++;
                if (page.next() == null) break;
                q = q.after(page.next());
            }
            put(p + "query_walk_all_page100_ms_per_page", ms(t0) / pages);

            JdbcOutboxStore outbox = new JdbcOutboxStore(t.db());
            long total = outbox.pendingCount();
            t0 = System.nanoTime();
            for (List<OutboxMessage> batch = outbox.pending(100); !batch.isEmpty(); batch = outbox.pending(100)) {
                for (OutboxMessage m : batch) outbox.markSent(m.id());
            }
            put(p + "outbox_drain_per_s", total / (ms(t0) / 1000));
            figures.put(p + "product", t.db().productName().split(" ")[0]);
        }
    }

    private void evidence(Path dir, int count, int size) throws Exception {
        byte[] snapshot = new byte[size];
        new Random(2).nextBytes(snapshot);
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dir.resolve("s3"), 0, "bench", "bench-secret");
             ObjectStore store = new ObjectStore(new ObjectStoreSettings(server.endpoint(), "bench", "bench-secret", "evidence", null))) {
            store.ensureBucket();
            for (int i = 0; i < 20; i++) store.put("warmup/" + i + ".jpg", snapshot, "image/jpeg");
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) store.put("direct/" + i + ".jpg", snapshot, "image/jpeg");
            double directMs = ms(t0);
            put("s3.put_100kb_per_s", count / (directMs / 1000));
            try (EvidenceUploader uploader = new EvidenceUploader(store, UploaderSettings.of(dir.resolve("spool")))) {
                t0 = System.nanoTime();
                for (int i = 0; i < count; i++) uploader.submit("spooled/" + i + ".jpg", snapshot, "image/jpeg");
                put("spool.submit_100kb_ms", ms(t0) / count);
                while (uploader.spooled() > 0) Thread.sleep(5);
                put("spool.end_to_end_100kb_per_s", count / (ms(t0) / 1000));
            }
        }
    }

    private void put(String name, double value) {
        double rounded = Math.round(value * 100) / 100.0;
        figures.put(name, rounded);
        System.out.printf(Locale.ROOT, "%-45s %12.2f%n", name, rounded);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double percentile(double[] values, int pct) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)];
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
