package city.citywatch.storage.outbox;

import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcOutboxStoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pendingMessagesComeOldestFirstUntilSent(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            JdbcOutboxStore store = new JdbcOutboxStore(t.db());
            List<NewOutboxMessage> added = add(t, 5);

            List<OutboxMessage> first = store.pending(3);
            assertThat(first).extracting(OutboxMessage::ceId)
                    .containsExactly(added.get(0).ceId(), added.get(1).ceId(), added.get(2).ceId());
            OutboxMessage m = first.get(0);
            assertThat(m.topic()).isEqualTo("citywatch.events");
            assertThat(m.key()).isEqualTo("cam-1");
            assertThat(m.type()).isEqualTo("city.citywatch.debris.opened");
            assertThat(m.source()).isEqualTo("/cameras/cam-1");
            assertThat(m.subject()).isEqualTo("lane");
            assertThat(m.time()).isEqualTo(added.get(0).time());
            assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":0}");
            assertThat(first).extracting(OutboxMessage::id).isSorted();

            // Claimed messages are not offered twice while their publisher works on them.
            assertThat(store.pending(10)).extracting(OutboxMessage::ceId)
                    .containsExactly(added.get(3).ceId(), added.get(4).ceId());
            assertThat(store.pending(10)).isEmpty();

            for (OutboxMessage sent : first) store.markSent(sent.id());
            assertThat(store.pendingCount()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailedMessageKeepsItsErrorAndIsOfferedAgain(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            JdbcOutboxStore store = new JdbcOutboxStore(t.db());
            add(t, 2);
            List<OutboxMessage> batch = store.pending(10);
            store.markFailed(batch.get(0).id(), "TimeoutException: Topic citywatch.events not present in metadata after 60000 ms");
            store.markSent(batch.get(1).id());

            List<OutboxMessage> retry = store.pending(10);
            assertThat(retry).extracting(OutboxMessage::id).containsExactly(batch.get(0).id());
            assertThat(retry.get(0).attempts()).isEqualTo(1);
            assertThat(store.lastError(batch.get(0).id())).contains(
                    "TimeoutException: Topic citywatch.events not present in metadata after 60000 ms");
            store.markFailed(retry.get(0).id(), "x".repeat(5000));
            assertThat(store.pending(10).get(0).attempts()).isEqualTo(2);
            assertThat(store.lastError(batch.get(0).id()).orElseThrow()).hasSize(2000);
            assertThat(store.pendingCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aCrashedPublishersClaimExpires(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            add(t, 3);
            Instant now = Instant.parse("2025-03-14T09:00:00Z");
            JdbcOutboxStore crashed = new JdbcOutboxStore(t.db(), Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
            assertThat(crashed.pending(10)).hasSize(3);

            JdbcOutboxStore soon = new JdbcOutboxStore(t.db(), Duration.ofSeconds(30), Clock.fixed(now.plusSeconds(29), ZoneOffset.UTC));
            assertThat(soon.pending(10)).isEmpty();
            JdbcOutboxStore later = new JdbcOutboxStore(t.db(), Duration.ofSeconds(30), Clock.fixed(now.plusSeconds(31), ZoneOffset.UTC));
            assertThat(later.pending(10)).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoPublishersNeverGetTheSameMessage(Engine engine) throws Exception {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            int total = 300;
            add(t, total);
            ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> publishers = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    JdbcOutboxStore store = new JdbcOutboxStore(t.db());
                    publishers.add(pool.submit(() -> {
                        start.await();
                        int mine = 0;
                        while (store.pendingCount() > 0) {
                            for (OutboxMessage m : store.pending(7)) {
                                delivered.add(m.id());
                                store.markSent(m.id());
                                mine++;
                            }
                        }
                        return mine;
                    }));
                }
                start.countDown();
                int sum = 0;
                for (Future<Integer> f : publishers) sum += f.get(60, TimeUnit.SECONDS);
                assertThat(sum).isEqualTo(total);
            } finally {
                pool.shutdownNow();
            }
            List<Long> ids = new ArrayList<>(delivered);
            assertThat(ids).hasSize(total).doesNotHaveDuplicates();
            assertThat(new JdbcOutboxStore(t.db()).pendingCount()).isZero();
            Collections.sort(ids);
            assertThat(ids.get(total - 1) - ids.get(0)).isEqualTo(total - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sentMessagesCanBePurged(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            JdbcOutboxStore store = new JdbcOutboxStore(t.db());
            add(t, 4);
            List<OutboxMessage> batch = store.pending(2);
            batch.forEach(m -> store.markSent(m.id()));
            assertThat(store.purgeSent(Instant.now().plusSeconds(1))).isEqualTo(2);
            assertThat(t.count("outbox")).isEqualTo(2);
            assertThat(store.pendingCount()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStreamStuckOnAFailedMessageOffersOnlyThatMessageAndDoesNotCrowdOutTheOthers(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            JdbcOutboxStore store = new JdbcOutboxStore(t.db());
            add(t, "cam-stuck", 5);
            List<OutboxMessage> first = store.pending(10);
            store.markFailed(first.get(0).id(), "RecordTooLargeException");
            store.release(first.subList(1, 5).stream().map(OutboxMessage::id).toList());
            assertThat(store.lastError(first.get(1).id())).as("released, not failed").isEmpty();

            List<NewOutboxMessage> others = add(t, "cam-ok", 3);
            // Two places: the stuck stream's head and the oldest of the healthy stream, not two of the stuck rows.
            List<OutboxMessage> claimed = store.pending(2);
            assertThat(claimed).extracting(OutboxMessage::ceId).containsExactly(first.get(0).ceId(), others.get(0).ceId());

            // The head goes through at last: the rest of its stream flows again, in order.
            store.markSent(first.get(0).id());
            store.release(List.of(claimed.get(1).id()));
            List<java.util.UUID> expected = new ArrayList<>(first.subList(1, 5).stream().map(OutboxMessage::ceId).toList());
            others.forEach(m -> expected.add(m.ceId()));
            assertThat(store.pending(10)).extracting(OutboxMessage::ceId).containsExactlyElementsOf(expected);
        }
    }

    private static List<NewOutboxMessage> add(TestDatabase t, int n) {
        return add(t, "cam-1", n);
    }

    private static List<NewOutboxMessage> add(TestDatabase t, String camera, int n) {
        List<NewOutboxMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(new NewOutboxMessage(UUID.randomUUID(), "citywatch.events", camera, "city.citywatch.debris.opened",
                    "/cameras/" + camera, "lane", Instant.parse("2025-03-14T08:00:00Z").plusSeconds(i),
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        t.db().inTransaction("add test messages", c -> {
            JdbcOutboxStore.append(c, messages);
            return null;
        });
        return messages;
    }
}
