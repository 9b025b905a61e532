package city.citywatch.ingest.decode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KeyFrameCadenceTest {

    @Test
    void unknownUntilTwoKeyFramesThenTheMedianInterval() {
        KeyFrameCadence c = new KeyFrameCadence();
        assertThat(c.keyFramesPerSecond()).isEmpty();
        c.onKeyFrame(0);
        assertThat(c.keyFramesPerSecond()).isEmpty();
        c.onKeyFrame(2_000_000);
        assertThat(c.keyFramesPerSecond().getAsDouble()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void oneExtraKeyFrameFromASceneCutDoesNotChangeTheEstimate() {
        KeyFrameCadence c = new KeyFrameCadence();
        long[] keys = {0, 1_000_000, 2_000_000, 2_300_000, 3_000_000, 4_000_000, 5_000_000};
        for (long k : keys) c.onKeyFrame(k);
        assertThat(c.keyFramesPerSecond().getAsDouble()).isCloseTo(1.0, within(1e-9));
    }
}
