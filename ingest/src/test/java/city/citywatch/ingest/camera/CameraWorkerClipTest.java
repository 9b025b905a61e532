package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import city.citywatch.ingest.buffer.ClipWindowUnavailableException;
import city.citywatch.ingest.buffer.PacketRingBuffer;
import city.citywatch.ingest.clip.ClipRecorder;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.testing.Probe;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Clips remuxed from the ring buffer of a worker that reads a real RTSP stream. */
class CameraWorkerClipTest {
    private static final double FPS = 10;
    private static RtspTestServer server;
    private static Path video;

    @BeforeAll
    static void serve() {
        video = TestVideos.highwayH264();
        server = RtspTestServer.start("/highway", video);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clipOfSixSecondsAroundNowIsTheCamerasOwnPacketsInAnMp4StartingAtAKeyFrame(@TempDir Path dir) throws Exception {
        StatusRecorder rec = new StatusRecorder();
        try (CameraWorker worker = new CameraWorker("cam-clip", server.uri("/highway"), IngestSettings.defaults(), rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            CameraStatus online = worker.status();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(online.since().plusMillis(4500)));

            Instant t = Instant.now();
            CompletableFuture<Path> clip = worker.recordClip(t.minusSeconds(3), t.plusSeconds(3), dir.resolve("events/clip.mp4"));
            Thread.sleep(2000);
            assertThat(clip).as("the post-roll has not arrived yet").isNotDone();
            Path file = clip.get(10, TimeUnit.SECONDS);
            assertThat(Instant.now()).isAfter(t.plusSeconds(3));
            assertThat(file).isEqualTo(dir.resolve("events/clip.mp4").toAbsolutePath());
            assertThat(dir.resolve("events")).isDirectoryNotContaining("glob:**.partial");

            JsonNode probe = Probe.formatAndStreams(file);
            JsonNode stream = probe.path("streams").get(0);
            assertThat(probe.path("format").path("format_name").asText()).contains("mp4");
            assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
            assertThat(stream.path("width").asInt()).isEqualTo(640);
            assertThat(stream.path("height").asInt()).isEqualTo(540);
            double duration = probe.path("format").path("duration").asDouble();
            // from the key frame at or before t-3 s (key frames every 1 s) through t+3 s
            assertThat(duration).isBetween(5.8, 7.2);
            assertThat(stream.path("nb_read_frames").asInt()).as("every packet decodes")
                    .isEqualTo(stream.path("nb_read_packets").asInt());
            assertThat(stream.path("nb_read_packets").asInt()).isCloseTo((int) Math.round(duration * FPS), within(1));
            JsonNode first = Probe.firstFrame(file);
            assertThat(first.path("key_frame").asInt()).isEqualTo(1);
            assertThat(first.path("pict_type").asText()).isEqualTo("I");
            assertThat(first.path("pts_time").asDouble()).isEqualTo(0.0);

            // no re-encoding: the clip's predicted frames are the source file's, byte for byte, in one run
            // (key frames differ only by the parameter sets the camera repeats in front of them)
            List<Probe.PacketHash> source = Probe.packetHashes(video);
            List<Probe.PacketHash> clipPackets = Probe.packetHashes(file);
            List<Probe.PacketHash> predicted = clipPackets.subList(1, 10);
            int at = Collections.indexOfSubList(source, predicted);
            assertThat(at).as("clip packets 1..9 found in the source").isGreaterThan(0);
            assertThat(clipPackets.subList(1, clipPackets.size()).stream().filter(h -> !source.contains(h)).count())
                    .as("clip packets that are not in the source, key frames excepted")
                    .isLessThanOrEqualTo((long) Math.ceil(duration));
            // and the clip shows the video of the window: its first key frame is at the video time of t-3 s
            double clipStartVideoSeconds = (at - 1) / FPS;
            double windowStartVideoSeconds = Duration.between(online.since(), t.minusSeconds(3)).toMillis() / 1000.0;
            assertThat(clipStartVideoSeconds).isBetween(windowStartVideoSeconds - 1.1, windowStartVideoSeconds + 0.05);
        }
    }

    @Test
    void closingTheCameraWritesAWaitingClipWithWhatIsBuffered(@TempDir Path dir) throws Exception {
        StatusRecorder rec = new StatusRecorder();
        CompletableFuture<Path> clip;
        Instant t;
        try (CameraWorker worker = new CameraWorker("cam-stop", server.uri("/highway"), IngestSettings.defaults(), rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            Instant since = worker.status().since();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(since.plusMillis(3500)));
            t = Instant.now();
            clip = worker.recordClip(t.minusSeconds(2), t.plusSeconds(10), dir.resolve("stopping.mp4"));
            Thread.sleep(1000);
            assertThat(clip).as("its post-roll is still to come").isNotDone();
        } // the node stops: the evidence must not be lost with it
        Path file = clip.get(5, TimeUnit.SECONDS);
        double duration = Probe.formatAndStreams(file).path("format").path("duration").asDouble();
        assertThat(duration).as("pre-roll plus the second of post-roll that arrived").isBetween(2.5, 4.5);
    }

    @Test
    void clipWhoseKeyFrameBeforeItsStartWasEvictedStartsAtTheNextKeyFrameAndSaysThePreRollIsShort(@TempDir Path dir)
            throws Exception {
        StatusRecorder rec = new StatusRecorder();
        List<EncodedPacket> real;
        try (CameraWorker worker = new CameraWorker("cam-short", server.uri("/highway"), IngestSettings.defaults(), rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            Instant since = worker.status().since();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.buffer().newestArrival()
                    .map(n -> n.isAfter(since.plusMillis(3500))).orElse(false));
            real = worker.buffer().window(since, worker.buffer().newestArrival().orElseThrow());
        }
        // the camera's packets again, in a buffer whose byte cap evicts the second key frame but not what follows it
        List<Integer> keys = java.util.stream.IntStream.range(0, real.size()).filter(i -> real.get(i).key()).boxed().toList();
        assertThat(keys).hasSizeGreaterThanOrEqualTo(3);
        int k1 = keys.get(1), k2 = keys.get(2);
        long kept = real.subList(k1 + 1, real.size()).stream().mapToLong(EncodedPacket::size).sum();
        PacketRingBuffer buffer = new PacketRingBuffer(Duration.ofSeconds(30), kept);
        real.forEach(buffer::add);
        assertThat(buffer.oldestArrival()).contains(real.get(k1 + 1).arrival());

        Instant from = real.get(k1 + 1).arrival(), to = real.get(real.size() - 2).arrival();
        long shortMillis = Duration.between(from, real.get(k2).arrival()).toMillis();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ClipRecorder.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (ClipRecorder clips = new ClipRecorder("cam-short", buffer, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
            Path file = clips.record(from, to, dir.resolve("short.mp4")).get(10, TimeUnit.SECONDS);
            assertThat(Probe.firstFrame(file).path("key_frame").asInt()).isEqualTo(1);
            assertThat(Probe.formatAndStreams(file).path("streams").get(0).path("nb_read_packets").asInt())
                    .isEqualTo(real.size() - 1 - k2);
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("cam-short").contains("starts " + shortMillis + " ms after")
                        .contains("pre-roll is short"));
        assertThat(shortMillis).isBetween(700L, 1000L);
    }

    @Test
    void bufferKeepsOnlyItsLengthAndAWindowThatLeftItFailsClearly(@TempDir Path dir) throws Exception {
        // socket timeout 1 s: clips wait at most 2 s for late packets, so windows up to 1 s fit in 3 s
        IngestSettings settings = IngestSettings.defaults().withBuffer(Duration.ofSeconds(3), 8L << 20)
                .withSocketTimeout(Duration.ofSeconds(1));
        StatusRecorder rec = new StatusRecorder();
        try (CameraWorker worker = new CameraWorker("cam-buf", server.uri("/highway"), settings, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            Instant since = worker.status().since();
            await().atMost(Duration.ofSeconds(12)).until(() -> worker.buffer().newestArrival()
                    .map(n -> n.isAfter(since.plusSeconds(6))).orElse(false));

            Instant oldest = worker.buffer().oldestArrival().orElseThrow();
            Instant newest = worker.buffer().newestArrival().orElseThrow();
            assertThat(Duration.between(oldest, newest)).isBetween(Duration.ofMillis(2800), Duration.ofSeconds(3));
            assertThat(worker.buffer().size()).isBetween(29, 31);
            List<EncodedPacket> keys = worker.buffer().keyFrames();
            assertThat(keys).hasSizeBetween(2, 4);

            CompletableFuture<Path> lost = worker.recordClip(since, since.plusSeconds(1), dir.resolve("lost.mp4"));
            assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ClipWindowUnavailableException.class)
                    .hasMessageContaining("no longer buffered");
            assertThat(dir.resolve("lost.mp4")).doesNotExist();

            assertThatThrownBy(() -> worker.recordClip(newest.minusSeconds(5), newest, dir.resolve("long.mp4")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("longer than the 3 s");
            assertThatThrownBy(() -> worker.recordClip(newest.minusSeconds(3), newest, dir.resolve("exact.mp4")))
                    .as("a window of the whole buffer is gone before its end arrives")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("windows up to 1000 ms fit");
            assertThatThrownBy(() -> worker.recordClip(newest, newest.minusSeconds(1), dir.resolve("rev.mp4")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must end after it starts");
        }
    }
}
