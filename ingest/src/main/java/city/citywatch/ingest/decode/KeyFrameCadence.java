package city.citywatch.ingest.decode;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Learns how often a stream sends key frames, from the presentation times of its key packets: the median of the
 * last few intervals, so that one lost or extra (scene-cut) key frame does not flip the decoding mode.
 */
public final class KeyFrameCadence {
    private static final int WINDOW = 5;
    private final long[] intervals = new long[WINDOW];
    private int count;
    private long lastKeyMicros = Long.MIN_VALUE;

    public void onKeyFrame(long ptsMicros) {
        if (lastKeyMicros != Long.MIN_VALUE && ptsMicros > lastKeyMicros) {
            intervals[count % WINDOW] = ptsMicros - lastKeyMicros;
            count++;
        }
        lastKeyMicros = ptsMicros;
    }

    /** Key frames per second, once two key frames were seen. */
    public OptionalDouble keyFramesPerSecond() {
        if (count == 0) return OptionalDouble.empty();
        long[] recent = Arrays.copyOf(intervals, Math.min(count, WINDOW));
        Arrays.sort(recent);
        long median = recent[recent.length / 2];
        return OptionalDouble.of(1e6 / median);
    }
}
