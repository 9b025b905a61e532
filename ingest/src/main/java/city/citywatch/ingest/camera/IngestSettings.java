package city.citywatch.ingest.camera;

import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.video.DetectorInputSize;

import java.time.Duration;
import java.util.Set;

/**
 * How a camera worker talks to its camera and what it keeps. Constructed only valid; field names in
 * error messages are the record component names, as they appear in configuration.
 *
 * @param socketTimeout      FFmpeg's RTSP socket timeout: bounds every blocking connect and read, so a dead or
 *                           silent camera never holds a thread longer than this
 * @param rtspTransport      {@code tcp} (default: survives NAT and lossy links without smearing), {@code udp} or
 *                           {@code http}
 * @param backoffInitial     wait before the first reconnection attempt; doubles on each failure
 * @param backoffMax         ceiling of the reconnection wait
 * @param backoffJitter      each wait is multiplied by a random factor in 1 ± this, so that cameras cut off
 *                           together do not reconnect in lock-step
 * @param bufferLength       how much encoded video is kept for clips; must cover pre-roll + post-roll + slack
 * @param bufferMaxBytes     hard cap on the buffered bytes, in case a camera's bitrate is far above normal
 * @param watchdogTimeout    no video packet for this long ⇒ the connection is dropped and re-opened (a camera
 *                           that keeps the session alive but stopped sending video)
 * @param analysisFps        frames per second handed to the frame listener; 0 decodes nothing
 * @param outputWidth        width of delivered frames in pixels, 0 = the stream's own size
 * @param outputHeight       height of delivered frames in pixels, 0 = the stream's own size (both or neither)
 * @param detectorInput      if set, each delivered frame also carries the picture scaled by swscale to the
 *                           detector's input (stretched, or fitted keeping aspect), which the detector's full-frame
 *                           pass reads instead of resampling in Java; null = none
 */
public record IngestSettings(Duration socketTimeout, String rtspTransport, Duration backoffInitial,
                             Duration backoffMax, double backoffJitter, Duration bufferLength, long bufferMaxBytes,
                             Duration watchdogTimeout, double analysisFps, int outputWidth, int outputHeight,
                             DetectorInputSize detectorInput) {

    /** Without a detector plane. */
    public IngestSettings(Duration socketTimeout, String rtspTransport, Duration backoffInitial,
                          Duration backoffMax, double backoffJitter, Duration bufferLength, long bufferMaxBytes,
                          Duration watchdogTimeout, double analysisFps, int outputWidth, int outputHeight) {
        this(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength, bufferMaxBytes,
                watchdogTimeout, analysisFps, outputWidth, outputHeight, null);
    }

    private static final Set<String> TRANSPORTS = Set.of("tcp", "udp", "http");

    public IngestSettings {
        positive("socketTimeout", socketTimeout);
        if (socketTimeout.toMillis() < 100) {
            throw new ValidationException("socketTimeout", "must be at least 100 ms, got " + socketTimeout.toMillis() + " ms");
        }
        if (rtspTransport == null || !TRANSPORTS.contains(rtspTransport)) {
            throw new ValidationException("rtspTransport", "must be one of tcp, udp, http, got '" + rtspTransport + "'");
        }
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new ValidationException("backoffMax", "must be >= backoffInitial (" + backoffInitial.toMillis()
                    + " ms), got " + backoffMax.toMillis() + " ms");
        }
        if (!(backoffJitter >= 0 && backoffJitter < 1)) {
            throw new ValidationException("backoffJitter", "must be in [0, 1), got " + backoffJitter);
        }
        positive("bufferLength", bufferLength);
        if (bufferMaxBytes < 1 << 20) {
            throw new ValidationException("bufferMaxBytes", "must be at least 1 MiB, got " + bufferMaxBytes);
        }
        positive("watchdogTimeout", watchdogTimeout);
        validateFps(analysisFps);
        if (outputWidth < 0 || outputHeight < 0 || (outputWidth == 0) != (outputHeight == 0)) {
            throw new ValidationException("outputWidth", "outputWidth and outputHeight must both be 0 (source size) or both"
                    + " positive, got " + outputWidth + "x" + outputHeight);
        }
        if (outputWidth % 2 != 0) {
            throw new ValidationException("outputWidth", "output size must be even, got " + outputWidth + "x" + outputHeight);
        }
        if (outputHeight % 2 != 0) {
            throw new ValidationException("outputHeight", "output size must be even, got " + outputWidth + "x" + outputHeight);
        }
    }

    /**
     * Socket timeout 5 s over TCP, back-off 0.5 s → 5 s ± 20 %, 30 s / 64 MiB buffer, watchdog 10 s, 1 frame/s.
     * The back-off cap is what lets a camera be back within about 10 s of its network returning, however long it
     * was gone; an attempt on a dead camera costs one refused or timed-out TCP connect, so 5 s is cheap even for
     * thousands (and the jitter spreads them).
     */
    public static IngestSettings defaults() {
        return new IngestSettings(Duration.ofSeconds(5), "tcp", Duration.ofMillis(500), Duration.ofSeconds(5), 0.2,
                Duration.ofSeconds(30), 64L << 20, Duration.ofSeconds(10), 1.0, 0, 0);
    }

    static void validateFps(double fps) {
        if (!(fps >= 0 && fps <= 120)) {
            throw new ValidationException("analysisFps", "must be between 0 and 120, got " + fps);
        }
    }

    private static void positive(String field, Duration d) {
        if (d == null) throw new ValidationException(field, "is required");
        if (d.isNegative() || d.isZero()) throw new ValidationException(field, "must be > 0, got " + d);
    }

    public IngestSettings withSocketTimeout(Duration v) {
        return new IngestSettings(v, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength,
                bufferMaxBytes, watchdogTimeout, analysisFps, outputWidth, outputHeight, detectorInput);
    }

    public IngestSettings withBackoff(Duration initial, Duration max, double jitter) {
        return new IngestSettings(socketTimeout, rtspTransport, initial, max, jitter, bufferLength,
                bufferMaxBytes, watchdogTimeout, analysisFps, outputWidth, outputHeight, detectorInput);
    }

    public IngestSettings withBuffer(Duration length, long maxBytes) {
        return new IngestSettings(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, length,
                maxBytes, watchdogTimeout, analysisFps, outputWidth, outputHeight, detectorInput);
    }

    public IngestSettings withWatchdogTimeout(Duration v) {
        return new IngestSettings(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength,
                bufferMaxBytes, v, analysisFps, outputWidth, outputHeight, detectorInput);
    }

    public IngestSettings withAnalysisFps(double v) {
        return new IngestSettings(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength,
                bufferMaxBytes, watchdogTimeout, v, outputWidth, outputHeight, detectorInput);
    }

    public IngestSettings withOutputSize(int width, int height) {
        return new IngestSettings(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength,
                bufferMaxBytes, watchdogTimeout, analysisFps, width, height, detectorInput);
    }

    /** Deliver each frame with a plane scaled to this detector input as well (null: none). */
    public IngestSettings withDetectorInput(DetectorInputSize v) {
        return new IngestSettings(socketTimeout, rtspTransport, backoffInitial, backoffMax, backoffJitter, bufferLength,
                bufferMaxBytes, watchdogTimeout, analysisFps, outputWidth, outputHeight, v);
    }
}
