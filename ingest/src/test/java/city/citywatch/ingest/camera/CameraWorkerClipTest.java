package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.ingest.buffer.ClipWindowUnavailableException;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.testing.Probe;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void bufferKeepsOnlyItsLengthAndAWindowThatLeftItFailsClearly(@TempDir Path dir) throws Exception {
        IngestSettings settings = IngestSettings.defaults().withBuffer(Duration.ofSeconds(3), 8L << 20);
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

            CompletableFuture<Path> lost = worker.recordClip(since, since.plusSeconds(2), dir.resolve("lost.mp4"));
            assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ClipWindowUnavailableException.class)
                    .hasMessageContaining("no longer buffered");
            assertThat(dir.resolve("lost.mp4")).doesNotExist();

            assertThatThrownBy(() -> worker.recordClip(newest.minusSeconds(5), newest, dir.resolve("long.mp4")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("longer than the 3 s");
            assertThatThrownBy(() -> worker.recordClip(newest, newest.minusSeconds(1), dir.resolve("rev.mp4")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must end after it starts");
        }
    }
}
