package city.citywatch.ingest.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FramePacerTest {

    private static List<Long> taken(FramePacer pacer, long stepMicros, int frames) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) if (pacer.take(i * stepMicros)) out.add(i * stepMicros);
        return out;
    }

    @Test
    void everyKeyFrameWhenTheyComeAtTheRate() {
        assertThat(taken(new FramePacer(1), 1_000_000, 10)).hasSize(10);
    }

    @Test
    void meanRateHoldsWhenTheCadenceDoesNotDivideThePeriod() {
        // key frames every 0.4 s sampled at 1 fps: 0, 1.2, 2.0, 3.2, 4.0 ... s
        List<Long> t = taken(new FramePacer(1), 400_000, 100); // 40 s
        assertThat(t.subList(0, 5)).containsExactly(0L, 1_200_000L, 2_000_000L, 3_200_000L, 4_000_000L);
        assertThat(t).hasSizeBetween(39, 41);
    }

    @Test
    void samplesAFullRateStreamDownAndToleratesTimestampJitter() {
        FramePacer pacer = new FramePacer(5);
        int taken = 0;
        for (int i = 0; i < 250; i++) { // 25 fps for 10 s, ±2 ms jitter
            long pts = i * 40_000L + (i % 2 == 0 ? 2_000 : -2_000);
            if (pacer.take(pts)) taken++;
        }
        assertThat(taken).isBetween(49, 51);
    }

    @Test
    void zeroTakesNothingAndAGapRestartsTheSchedule() {
        assertThat(taken(new FramePacer(0), 100_000, 50)).isEmpty();
        FramePacer pacer = new FramePacer(1);
        assertThat(pacer.take(0)).isTrue();
        assertThat(pacer.take(60_000_000)).isTrue();            // the stream stalled for a minute
        assertThat(pacer.take(60_500_000)).isFalse();           // no burst to catch up
        assertThat(pacer.take(61_000_000)).isTrue();
    }
}
