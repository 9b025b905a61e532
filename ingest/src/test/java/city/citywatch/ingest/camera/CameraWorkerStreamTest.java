package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.decode.AnalysisDecoder;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import city.citywatch.ingest.testing.Probe;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker against a real RTSP server replaying the highway video (H.264, key frame every second, 10 fps). */
class CameraWorkerStreamTest {
    private static RtspTestServer server;

    @BeforeAll
    static void serve() {
        server = RtspTestServer.start(Map.of(
                "/highway", TestVideos.highwayH264(),
                "/highway-h265", TestVideos.highwayH265(Path.of("target", "test-videos"))), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void reachesOnlineAndDeliversOneKeyFramePerSecondThenAllFramesWhenTheRateNeedsThem() {
        StatusRecorder rec = new StatusRecorder();
        try (CameraWorker worker = new CameraWorker("cam-1", server.uri("/highway"), IngestSettings.defaults(), rec, rec)) {
            assertThat(worker.status().state()).isEqualTo(CameraState.CONNECTING);
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().state() == CameraState.ONLINE);
            CameraStatus online = worker.status();
            assertThat(online.reason()).isNull();
            assertThat(rec.statuses).extracting(CameraStatus::state).containsExactly(CameraState.ONLINE);

            await().atMost(Duration.ofSeconds(10)).until(() -> rec.frames.size() >= 5);
            assertThat(worker.decodeMode()).isEqualTo(AnalysisDecoder.Mode.KEY_FRAMES);
            List<VideoFrame> keyFrames = List.copyOf(rec.frames);
            for (VideoFrame f : keyFrames) {
                assertThat(f.cameraId()).isEqualTo("cam-1");
                assertThat(f.width()).isEqualTo(640);
                assertThat(f.height()).isEqualTo(540);
                assertThat(f.capturedAt()).isAfterOrEqualTo(online.since());
            }
            for (int i = 1; i < keyFrames.size(); i++) {
                long gap = keyFrames.get(i).ptsMicros() - keyFrames.get(i - 1).ptsMicros();
                assertThat(gap).as("video time between frames %d and %d", i - 1, i).isBetween(900_000L, 1_100_000L);
            }
            // wall-clock arrival follows video time: the server sends in real time
            VideoFrame first = keyFrames.get(1), last = keyFrames.get(keyFrames.size() - 1);
            double wallSeconds = Duration.between(first.capturedAt(), last.capturedAt()).toMillis() / 1000.0;
            double videoSeconds = (last.ptsMicros() - first.ptsMicros()) / 1e6;
            assertThat(wallSeconds).isCloseTo(videoSeconds, org.assertj.core.data.Offset.offset(0.5));
            assertThat(worker.status().lastFrameAt()).isAfter(online.since());
            // ONLINE's since is when the stream's first packet arrived: video time lines up with it
            for (VideoFrame f : keyFrames) {
                long wallMicros = Duration.between(online.since(), f.capturedAt()).toNanos() / 1000;
                assertThat(wallMicros - f.ptsMicros()).as("arrival vs video time of frame at %d µs", f.ptsMicros())
                        .isBetween(-300_000L, 300_000L);
            }

            worker.setAnalysisFps(5);
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.decodeMode() == AnalysisDecoder.Mode.ALL_FRAMES);
            int mark = rec.frames.size();
            Instant start = Instant.now();
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            List<VideoFrame> fast = rec.framesSince(mark);
            double fps = fast.size() / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
            assertThat(fps).isBetween(4.0, 6.0);
            for (int i = 1; i < fast.size(); i++) {
                assertThat(fast.get(i).ptsMicros() - fast.get(i - 1).ptsMicros()).isBetween(150_000L, 250_000L);
            }
        }
    }

    @Test
    void h265StreamIsDecodedScaledToTheDetectorSizeAndClippedWithoutReencoding(@TempDir Path dir) throws Exception {
        StatusRecorder rec = new StatusRecorder();
        IngestSettings settings = IngestSettings.defaults().withOutputSize(416, 352);
        try (CameraWorker worker = new CameraWorker("cam-265", server.uri("/highway-h265"), settings, rec, rec)) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.frames.size() >= 3);
            assertThat(worker.stream()).get().extracting(s -> s.codecName()).isEqualTo("hevc");
            assertThat(worker.decodeMode()).isEqualTo(AnalysisDecoder.Mode.KEY_FRAMES);
            for (VideoFrame f : rec.frames) {
                assertThat(f.width()).isEqualTo(416);
                assertThat(f.height()).isEqualTo(352);
                assertThat(f.bgr()).hasSize(416 * 352 * 3);
            }
            // a picture of a road, not a blank: the pixels vary
            byte[] bgr = rec.frames.get(0).bgr();
            long distinct = java.util.stream.IntStream.range(0, bgr.length / 97).map(i -> bgr[i * 97] & 0xff).distinct().count();
            assertThat(distinct).isGreaterThan(50);

            Instant t = Instant.now();
            Path clip = worker.recordClip(t.minusSeconds(2), t.plusMillis(500), dir.resolve("h265.mp4")).get(10, TimeUnit.SECONDS);
            JsonNode stream = Probe.formatAndStreams(clip).path("streams").get(0);
            assertThat(stream.path("codec_name").asText()).isEqualTo("hevc");
            assertThat(stream.path("width").asInt()).isEqualTo(640);
            assertThat(Probe.firstFrame(clip).path("key_frame").asInt()).isEqualTo(1);
            assertThat(stream.path("nb_read_frames").asInt()).isEqualTo(stream.path("nb_read_packets").asInt())
                    .isBetween(25, 36);
        }
    }
}
