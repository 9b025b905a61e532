package city.citywatch.ingest.decode;

/**
 * Picks frames at a target rate from a stream of presentation times. Keeps a schedule rather than a minimum gap,
 * so the mean rate is right even when frames come at a cadence that does not divide the period (key frames every
 * 0.4 s sampled at 1 frame/s give frames at 0, 1.2, 2.0, 3.2, 4.0 … s).
 */
public final class FramePacer {
    private long periodMicros;
    private long nextDueMicros = Long.MIN_VALUE;

    public FramePacer(double fps) {
        setFps(fps);
    }

    public void setFps(double fps) {
        long period = fps > 0 ? Math.round(1e6 / fps) : Long.MAX_VALUE;
        if (period != periodMicros) {
            periodMicros = period;
            nextDueMicros = Long.MIN_VALUE;
        }
    }

    /** Whether the frame at {@code ptsMicros} is due; if so it counts as taken. */
    public boolean take(long ptsMicros) {
        if (periodMicros == Long.MAX_VALUE) return false;
        // a tenth of a period early still counts: timestamps of a 10 fps stream are not exactly 100 ms apart
        if (nextDueMicros != Long.MIN_VALUE && ptsMicros < nextDueMicros - periodMicros / 10) return false;
        nextDueMicros = nextDueMicros == Long.MIN_VALUE || ptsMicros - nextDueMicros > periodMicros
                ? ptsMicros + periodMicros   // first frame, or fell behind (gap in the stream): restart the schedule
                : nextDueMicros + periodMicros;
        return true;
    }
}
