package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show of issue 3: eight cameras on one real RTSP server; the server is killed and restarted ten times at
 * random moments. Every time, every camera is back ONLINE (delivering video again) within 10 s of the server's
 * return, with the default settings; the worker threads, the JVM's thread count, the heap after GC and the
 * process's resident memory do not grow from the first round to the last.
 */
class CameraResilienceTest {
    private static final int CAMERAS = 8;
    private static final int ROUNDS = 10;
    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    @Test
    void eightCamerasComeBackWithinTenSecondsOfEveryServerRestartWithoutLeakingThreadsOrMemory() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed + " (rerun with it to replay the same moments)";
        Path video = TestVideos.highwayH264();
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (int i = 0; i < CAMERAS; i++) mounts.put("/cam" + i, video);
        AtomicLong frames = new AtomicLong();
        List<CameraWorker> workers = new ArrayList<>();
        List<Duration> backAfter = new ArrayList<>();
        long[] threadsAfterRound = new long[ROUNDS];
        double[] heapAfterRound = new double[ROUNDS];
        double[] rssAfterRound = new double[ROUNDS];
        try (RtspTestServer server = RtspTestServer.start(mounts, List.of())) {
            for (int i = 0; i < CAMERAS; i++) {
                CameraWorker w = new CameraWorker("res-" + i, server.uri("/cam" + i), IngestSettings.defaults(),
                        f -> frames.incrementAndGet(), s -> { });
                workers.add(w);
                w.start();
            }
            awaitAllOnlineSince(workers, Instant.EPOCH, Duration.ofSeconds(30), context + ", initial connect");

            for (int round = 0; round < ROUNDS; round++) {
                Thread.sleep(1000 + random.nextInt(4000)); // streaming for 1-5 s, then the power goes
                Instant killedAt = Instant.now();
                server.kill();
                Thread.sleep(200 + random.nextInt(2800)); // down for 0.2-3 s
                server.restart();
                Instant returnedAt = Instant.now();
                long framesAtReturn = frames.get();
                awaitAllOnlineSince(workers, killedAt, BACK_WITHIN.plusSeconds(5), context + ", round " + (round + 1));
                Duration back = Duration.between(returnedAt, Instant.now());
                backAfter.add(back);
                assertThat(back).as("%s, round %d: all %d cameras ONLINE again after the server returned", context,
                        round + 1, CAMERAS).isLessThan(BACK_WITHIN);
                for (CameraWorker w : workers) {
                    CameraStatus s = w.status();
                    assertThat(s.lastFrameAt()).as("%s: %s has video from after the restart", context, s.cameraId())
                            .isAfter(killedAt);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (frames.get() == framesAtReturn && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(frames.get()).as("%s: frames are decoded again", context).isGreaterThan(framesAtReturn);

                System.gc();
                Thread.sleep(200);
                threadsAfterRound[round] = ManagementFactory.getThreadMXBean().getThreadCount();
                heapAfterRound[round] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
                rssAfterRound[round] = residentMegabytes();
            }
            for (CameraWorker w : workers) {
                assertThat(w.status().reconnects()).as("%s: %s reconnected every round", context, w.cameraId())
                        .isGreaterThanOrEqualTo(ROUNDS);
            }
        } finally {
            for (CameraWorker w : workers) w.close();
        }
        // Threads: no round may add any. Memory: round 3 is the baseline (JIT, class loading, the ring buffers and
        // malloc's arenas settle in the first rounds); a leaked demuxer or decoder per connection (1-2 MB each, 8 per
        // round) would add 50+ MB over the remaining seven rounds.
        assertThat(threadsAfterRound[ROUNDS - 1]).as("%s: threads after each round %s", context, java.util.Arrays.toString(threadsAfterRound))
                .isLessThanOrEqualTo(threadsAfterRound[0]);
        assertThat(heapAfterRound[ROUNDS - 1]).as("%s: heap MB after GC per round %s", context, java.util.Arrays.toString(heapAfterRound))
                .isLessThan(heapAfterRound[2] + 16);
        assertThat(rssAfterRound[ROUNDS - 1]).as("%s: RSS MB per round %s", context, java.util.Arrays.toString(rssAfterRound))
                .isLessThan(rssAfterRound[2] + 40);
        System.out.printf("resilience (%s): back after %s; threads %s; heap MB %s; RSS MB %s%n", context, backAfter,
                java.util.Arrays.toString(threadsAfterRound), java.util.Arrays.toString(heapAfterRound),
                java.util.Arrays.toString(rssAfterRound));
    }

    /** Waits until every camera is ONLINE in a period that began after {@code after}. */
    private static void awaitAllOnlineSince(List<CameraWorker> workers, Instant after, Duration atMost, String context)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<CameraStatus> notBack = workers.stream().map(CameraWorker::status)
                    .filter(s -> s.state() != CameraState.ONLINE || !s.since().isAfter(after)).toList();
            if (notBack.isEmpty()) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(context + ": not back ONLINE within " + atMost + ": " + notBack);
            }
            Thread.sleep(50);
        }
    }

    private static double residentMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
