package city.citywatch.ingest.rtsp;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/** The demuxer against a real RTSP server. */
class RtspConnectionTest {
    private static RtspTestServer server;

    @BeforeAll
    static void serve() {
        server = RtspTestServer.start("/highway", TestVideos.highwayH264());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDecoderJavaCvOpensAndWeNeverUseRunsOnOneThreadNotOnePerCore() throws Exception {
        StreamAddress address = new StreamAddress(server.uri("/highway"));
        FFmpegFrameGrabber grabber = RtspConnection.newGrabber(address, "tcp", Duration.ofSeconds(5));
        try {
            grabber.start();
            // JavaCV exposes no getter for its decoder: read the context it opened
            Field videoCodec = FFmpegFrameGrabber.class.getDeclaredField("video_c");
            videoCodec.setAccessible(true);
            AVCodecContext context = (AVCodecContext) videoCodec.get(grabber);
            assertThat(context).isNotNull();
            assertThat(context.thread_count()).isEqualTo(1);
        } finally {
            grabber.release();
        }
    }

    @Test
    void packetsWithoutTimestampsAreTimedBackwardsFromTheFirstTimedOneButNotKeptForever() throws Exception {
        try (RtspConnection conn = RtspConnection.open(new StreamAddress(server.uri("/highway")), "tcp",
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1)) {
            AVPacket pkt = av_packet_alloc();
            try {
                av_new_packet(pkt, 16);
                pkt.pts(AV_NOPTS_VALUE);
                pkt.dts(AV_NOPTS_VALUE);
                for (int i = 0; i < RtspConnection.MAX_UNTIMED; i++) conn.accept(pkt, System.nanoTime());
                assertThatThrownBy(() -> conn.accept(pkt, System.nanoTime()))
                        .isInstanceOf(ConnectionFailure.class)
                        .hasMessageStartingWith("protocol_error: ")
                        .hasMessageContaining(RtspConnection.MAX_UNTIMED + " packets without timestamps")
                        .hasMessageContaining(server.url("/highway"));

                // below the cap, the first timed packet times the ones before it, one frame apart
                long frame = conn.stream().frameDuration();
                try (RtspConnection fresh = RtspConnection.open(new StreamAddress(server.uri("/highway")), "tcp",
                        Duration.ofSeconds(5), Duration.ofSeconds(10), 2)) {
                    fresh.accept(pkt, System.nanoTime());
                    fresh.accept(pkt, System.nanoTime());
                    pkt.pts(10 * frame);
                    pkt.dts(10 * frame);
                    fresh.accept(pkt, System.nanoTime());
                    assertThat(List.of(fresh.read(), fresh.read(), fresh.read())).extracting(EncodedPacket::pts)
                            .containsExactly(8 * frame, 9 * frame, 10 * frame);
                }
            } finally {
                av_packet_free(pkt);
            }
        }
    }

    @Test
    void readsTimedPacketsStartingWithAKeyFrame() throws Exception {
        try (RtspConnection conn = RtspConnection.open(new StreamAddress(server.uri("/highway")), "tcp",
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1)) {
            assertThat(conn.stream().codecName()).isEqualTo("h264");
            EncodedPacket first = conn.read();
            assertThat(first.key()).isTrue();
            long lastDts = first.dts();
            for (int i = 0; i < 20; i++) {
                EncodedPacket p = conn.read();
                assertThat(p.dts()).isGreaterThan(lastDts);
                lastDts = p.dts();
            }
        }
    }
}
