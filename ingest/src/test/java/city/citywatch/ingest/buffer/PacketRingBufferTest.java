package city.citywatch.ingest.buffer;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketRingBufferTest {
    private static final Instant T0 = Instant.parse("2025-04-14T09:18:00Z");
    private static final StreamInfo FIRST = stream(1);
    private static final StreamInfo SECOND = stream(2);

    private static StreamInfo stream(long connection) {
        return new StreamInfo(connection, 27, "h264", 640, 540, new byte[]{0, 0, 0, 1, 103}, 1, 90_000, 9_000);
    }

    /** Packet n of a 10 fps stream with a key frame every 10 packets, arriving n × 100 ms after T0. */
    private static EncodedPacket packet(StreamInfo s, int n, int size) {
        return new EncodedPacket(s, n * 9_000L, n * 9_000L, n % 10 == 0, T0.plusMillis(n * 100L), new byte[size]);
    }

    private static PacketRingBuffer filled(Duration length, long maxBytes, int packets) {
        PacketRingBuffer b = new PacketRingBuffer(length, maxBytes);
        for (int n = 0; n < packets; n++) b.add(packet(FIRST, n, 1000));
        return b;
    }

    @Test
    void keepsOnlyTheConfiguredDurationBehindTheNewestPacket() {
        PacketRingBuffer b = filled(Duration.ofSeconds(3), 1 << 30, 100);
        assertThat(b.newestArrival()).contains(T0.plusMillis(9_900));
        assertThat(b.oldestArrival()).contains(T0.plusMillis(6_900));
        assertThat(b.size()).isEqualTo(31);
        assertThat(b.bytes()).isEqualTo(31_000);
    }

    @Test
    void keepsOnlyTheConfiguredBytesWhateverTheDuration() {
        PacketRingBuffer b = filled(Duration.ofSeconds(30), 25_000, 100);
        assertThat(b.bytes()).isLessThanOrEqualTo(25_000);
        assertThat(b.size()).isEqualTo(25);
        assertThat(b.newestArrival()).contains(T0.plusMillis(9_900));
    }

    @Test
    void windowStartsAtTheLastKeyFrameAtOrBeforeItsStartAndEndsAtItsEnd() {
        PacketRingBuffer b = filled(Duration.ofSeconds(30), 1 << 30, 100);
        List<EncodedPacket> w = b.window(T0.plusMillis(3_450), T0.plusMillis(6_000));
        assertThat(w.get(0).key()).isTrue();
        assertThat(w.get(0).arrival()).isEqualTo(T0.plusMillis(3_000));
        assertThat(w.get(w.size() - 1).arrival()).isEqualTo(T0.plusMillis(6_000));
        assertThat(w).hasSize(31);

        List<EncodedPacket> exact = b.window(T0.plusMillis(4_000), T0.plusMillis(4_950));
        assertThat(exact.get(0).arrival()).isEqualTo(T0.plusMillis(4_000));
        assertThat(exact).hasSize(10);
    }

    @Test
    void windowIsACopyThatSurvivesTheBufferMovingOn() {
        PacketRingBuffer b = filled(Duration.ofSeconds(2), 1 << 30, 30);
        List<EncodedPacket> w = b.window(T0.plusMillis(1_000), T0.plusMillis(2_900));
        for (int n = 30; n < 100; n++) b.add(packet(FIRST, n, 1000));
        assertThat(w).hasSize(20);
        assertThat(w.get(0).arrival()).isEqualTo(T0.plusMillis(1_000));
    }

    @Test
    void windowWhoseStartWasEvictedFailsNamingWhatTheBufferStillHolds() {
        PacketRingBuffer b = filled(Duration.ofSeconds(3), 1 << 30, 100);
        assertThatThrownBy(() -> b.window(T0.plusMillis(5_000), T0.plusMillis(7_000)))
                .isInstanceOf(ClipWindowUnavailableException.class)
                .hasMessageContaining("no longer buffered")
                .hasMessageContaining(T0.plusMillis(6_900).toString())
                .hasMessageContaining("3 s");
    }

    @Test
    void windowBeforeTheFirstPacketStartsAtTheFirstKeyFrame() {
        PacketRingBuffer b = new PacketRingBuffer(Duration.ofSeconds(30), 1 << 30);
        for (int n = 5; n < 40; n++) b.add(packet(FIRST, n, 1000)); // joined mid-GOP: packets 5..9 are undecodable
        List<EncodedPacket> w = b.window(T0, T0.plusMillis(2_500));
        assertThat(w.get(0).arrival()).isEqualTo(T0.plusMillis(1_000));
        assertThat(w.get(0).key()).isTrue();
        assertThat(w).hasSize(16);
    }

    @Test
    void windowAcrossAReconnectionKeepsTheConnectionOfItsEnd() {
        PacketRingBuffer b = new PacketRingBuffer(Duration.ofSeconds(30), 1 << 30);
        for (int n = 0; n < 25; n++) b.add(packet(FIRST, n, 1000));
        for (int n = 40; n < 70; n++) { // the second connection restarts timestamps: only arrival continues
            EncodedPacket p = packet(SECOND, n - 40, 1000);
            b.add(new EncodedPacket(SECOND, p.pts(), p.dts(), p.key(), T0.plusMillis(n * 100L), p.data()));
        }
        List<EncodedPacket> w = b.window(T0.plusMillis(1_000), T0.plusMillis(5_000));
        assertThat(w).allMatch(p -> p.stream().connection() == 2);
        assertThat(w.get(0).arrival()).isEqualTo(T0.plusMillis(4_000));
        assertThat(w).hasSize(11);

        List<EncodedPacket> old = b.window(T0.plusMillis(1_000), T0.plusMillis(2_000));
        assertThat(old).allMatch(p -> p.stream().connection() == 1).hasSize(11);
    }

    @Test
    void windowWithoutAnyDecodablePacketFails() {
        PacketRingBuffer b = new PacketRingBuffer(Duration.ofSeconds(30), 1 << 30);
        for (int n = 1; n < 9; n++) b.add(packet(FIRST, n, 1000));
        assertThatThrownBy(() -> b.window(T0, T0.plusMillis(800)))
                .isInstanceOf(ClipWindowUnavailableException.class).hasMessageContaining("no key frame");
        assertThatThrownBy(() -> new PacketRingBuffer(Duration.ofSeconds(1), 100).window(T0, T0.plusSeconds(1)))
                .isInstanceOf(ClipWindowUnavailableException.class).hasMessageContaining("buffer is empty");
    }

    @Test
    void concurrentWindowsWhileAddingNeverSeeATornBuffer() throws Exception {
        PacketRingBuffer b = new PacketRingBuffer(Duration.ofSeconds(3), 1 << 30);
        for (int n = 0; n < 40; n++) b.add(packet(FIRST, n, 100));
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                Instant newest = b.newestArrival().orElseThrow();
                List<EncodedPacket> w = b.window(newest.minusMillis(1_500), newest);
                assertThat(w.get(0).key()).isTrue();
                for (int k = 1; k < w.size(); k++) assertThat(w.get(k).pts()).isGreaterThan(w.get(k - 1).pts());
            }
        });
        reader.start();
        for (int n = 40; n < 20_000; n++) b.add(packet(FIRST, n, 100));
        reader.join();
        assertThat(b.size()).isEqualTo(31);
    }
}
