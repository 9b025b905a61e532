package city.citywatch.ingest.rtsp;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates when each packet of one connection arrived from the camera. FFmpeg reads the first second or so
 * of a stream while probing it and hands those packets out later in one burst, so the time they are read is
 * not when they arrived. A camera sends in real time, so packet {@code n} arrived about {@code pts(n) - pts(0)}
 * after the first one, which arrived about when the session was opened (a few round trips later).
 * <p>
 * The estimate is never later than the read time and never earlier than the previous packet's. If the
 * estimate falls behind the read time by more than {@code maxLag} (a slow camera clock, a long network stall,
 * a slow handshake), it is re-anchored on the packet being read, so the error stays bounded.
 */
final class ArrivalClock {
    private final Instant openedWall;
    private final long openedNanos;
    private final long maxLagNanos;
    private long anchorPtsMicros;
    private long anchorNanos;
    private boolean anchored;
    private long lastNanos = Long.MIN_VALUE;

    ArrivalClock(Instant openedWall, long openedNanos, Duration maxLag) {
        this.openedWall = openedWall;
        this.openedNanos = openedNanos;
        this.maxLagNanos = maxLag.toNanos();
    }

    /** @param ptsMicros the packet's presentation time; {@code readNanos} its {@link System#nanoTime()} when read */
    Instant arrival(long ptsMicros, long readNanos) {
        if (!anchored) {
            anchored = true;
            anchorPtsMicros = ptsMicros;
            anchorNanos = openedNanos;
        }
        long estimate = anchorNanos + (ptsMicros - anchorPtsMicros) * 1000;
        if (readNanos - estimate > maxLagNanos) {
            anchorPtsMicros = ptsMicros;
            anchorNanos = readNanos;
            estimate = readNanos;
        }
        long t = Math.max(Math.min(estimate, readNanos), lastNanos);
        lastNanos = t;
        return openedWall.plusNanos(t - openedNanos);
    }
}
