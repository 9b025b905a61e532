package city.citywatch.ingest.rtsp;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import city.citywatch.ingest.testing.StallingRtspProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void aCameraThatAcceptsAndNeverAnswersHoldsUpNoOtherCameraAndIsGivenUpOnWithinItsBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StreamAddress dead = new StreamAddress(URI.create("rtsp://127.0.0.1:" + silent.getLocalPort() + "/main"));
            Duration socketTimeout = Duration.ofSeconds(3);
            long start = System.nanoTime();
            CompletableFuture<ConnectionFailure> deadOpen = CompletableFuture.supplyAsync(() -> {
                try (RtspConnection c = RtspConnection.open(dead, "tcp", socketTimeout, Duration.ofSeconds(10), 1)) {
                    return null;
                } catch (ConnectionFailure f) {
                    return f;
                }
            });
            Thread.sleep(300); // the dead camera's open is under way
            try (RtspConnection live = RtspConnection.open(new StreamAddress(server.uri("/highway")), "tcp",
                    Duration.ofSeconds(5), Duration.ofSeconds(10), 1)) {
                assertThat(live.read().key()).isTrue();
            }
            assertThat(deadOpen).as("the live camera opened while the dead one was still waiting").isNotDone();
            ConnectionFailure f = deadOpen.get(20, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(f.reason()).contains("127.0.0.1:" + silent.getLocalPort() + "/main");
            // budget: twice the socket timeout plus the 1 s probe, with room for a loaded machine
            assertThat(took).isLessThan(Duration.ofSeconds(7 + 3));
        }
    }

    @Test
    void anOpenUnderWayIsAbortedAtOnceFromAnotherThread() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StreamAddress dead = new StreamAddress(URI.create("rtsp://127.0.0.1:" + silent.getLocalPort() + "/main"));
            CompletableFuture<Runnable> abort = new CompletableFuture<>();
            CompletableFuture<ConnectionFailure> open = CompletableFuture.supplyAsync(() -> {
                try (RtspConnection c = RtspConnection.open(dead, "tcp", Duration.ofSeconds(30), Duration.ofSeconds(10),
                        1, abort::complete)) {
                    return null;
                } catch (ConnectionFailure f) {
                    return f;
                }
            });
            Thread.sleep(500);
            assertThat(open).isNotDone();
            long t0 = System.nanoTime();
            abort.get(5, TimeUnit.SECONDS).run();
            ConnectionFailure f = open.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(f.reason()).contains("cancelled");
        }
    }

    @Test
    void watchdogEndsASessionThatStaysAliveButSendsNoVideoAndCloseIsPrompt() throws Exception {
        try (StallingRtspProxy proxy = new StallingRtspProxy(server.port())) {
            // a socket timeout far longer than the watchdog: only the watchdog can end this read
            RtspConnection conn = RtspConnection.open(new StreamAddress(proxy.uri("/highway")), "tcp",
                    Duration.ofSeconds(30), Duration.ofSeconds(2), 1);
            try {
                for (int i = 0; i < 10; i++) conn.read();
                proxy.stallVideo();
                long t0 = System.nanoTime();
                long[] lastRead = {t0};
                assertThatThrownBy(() -> {
                    while (true) { // the packets already in flight, then the stall
                        conn.read();
                        lastRead[0] = System.nanoTime();
                    }
                }).isInstanceOf(ConnectionFailure.class)
                        .satisfies(e -> assertThat(((ConnectionFailure) e).kind()).isEqualTo(FailureKind.NO_VIDEO))
                        .hasMessageContaining("watchdog");
                // FFmpeg may still hand out a packet or two that were in flight (seen up to ≈ 2.3 s after the stall);
                // the watchdog counts from the last one
                assertThat(Duration.ofNanos(System.nanoTime() - lastRead[0])).as("watchdog after the last video packet")
                        .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2 + 1));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2 + 5));
            } finally {
                long t1 = System.nanoTime();
                conn.close();
                assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("close (TEARDOWN) is bounded").isLessThan(Duration.ofSeconds(2));
            }
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
