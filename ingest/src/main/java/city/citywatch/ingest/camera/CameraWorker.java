package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.buffer.PacketRingBuffer;
import city.citywatch.ingest.clip.ClipRecorder;
import city.citywatch.ingest.decode.AnalysisDecoder;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import city.citywatch.ingest.rtsp.Backoff;
import city.citywatch.ingest.rtsp.ConnectionFailure;
import city.citywatch.ingest.rtsp.FailureClassifier;
import city.citywatch.ingest.rtsp.RtspConnection;
import city.citywatch.ingest.rtsp.StreamAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Pulls one camera's stream for as long as it lives: connects, copies every video packet into a ring buffer (the
 * pre-roll of clips), decodes what the analysis rate needs and hands those frames to a {@link FrameListener},
 * and reconnects with exponential back-off and jitter whenever the stream fails.
 * <p>
 * Threads: the worker owns one platform thread (named {@code camera-<id>}) that does all reading and decoding
 * and is the only user of the native demuxer and decoder; clip files are written on a second thread (see
 * {@link ClipRecorder}) from copies of the buffered packets. Status changes are reported to the status listener
 * on the worker thread, in order. {@link #close()} stops both threads and waits for them.
 */
public final class CameraWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraWorker.class);

    private final String cameraId;
    private final StreamAddress address;
    private final IngestSettings settings;
    private final FrameListener frames;
    private final Consumer<CameraStatus> statusListener;
    private final PacketRingBuffer buffer;
    private final ClipRecorder clips;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;

    private final Object statusLock = new Object();
    private CameraState state = CameraState.CONNECTING;
    private String reason;
    private Instant since = Instant.now();
    private int reconnects;
    private volatile Instant lastPacketAt;

    private volatile double analysisFps;
    private volatile AnalysisDecoder decoder;
    /** Pictures decoded by connections that ended; the current one's are added in {@link #decodedFrames()}. */
    private volatile long decodedBefore;
    private volatile StreamInfo stream;
    private volatile boolean closing;
    /** Aborts the current connection's blocking FFmpeg call (open or read); null between connections. */
    private volatile Runnable interruptCurrent;
    private boolean started;
    private long listenerFailures;

    /**
     * @param streamUri      rtsp:// or rtsps:// URL, credentials in it if the camera needs them (never logged)
     * @param frames         receives decoded frames at the analysis rate, on the worker thread
     * @param statusListener receives every status change, on the worker thread; must return fast
     * @throws city.citywatch.core.validation.ValidationException if the URL cannot be a camera stream
     */
    public CameraWorker(String cameraId, URI streamUri, IngestSettings settings, FrameListener frames,
                        Consumer<CameraStatus> statusListener) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.address = new StreamAddress(streamUri);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.frames = Objects.requireNonNull(frames, "frames");
        this.statusListener = Objects.requireNonNull(statusListener, "statusListener");
        this.analysisFps = settings.analysisFps();
        this.buffer = new PacketRingBuffer(settings.bufferLength(), settings.bufferMaxBytes());
        this.clips = new ClipRecorder(cameraId, buffer, settings.bufferLength(),
                settings.socketTimeout().plusSeconds(1));
        this.thread = Thread.ofPlatform().name("camera-" + cameraId).daemon(true).unstarted(this::run);
    }

    public String cameraId() {
        return cameraId;
    }

    /** Starts the worker thread. Once only. */
    public void start() {
        synchronized (statusLock) {
            if (started) throw new IllegalStateException("camera worker " + cameraId + " was already started");
            if (closing) throw new IllegalStateException("camera worker " + cameraId + " is closed");
            started = true;
            since = Instant.now();
        }
        thread.start();
    }

    /** The camera's state now; {@code lastFrameAt} is the arrival of the latest video packet. */
    public CameraStatus status() {
        synchronized (statusLock) {
            return new CameraStatus(cameraId, state, reason, since, lastPacketAt, reconnects);
        }
    }

    /** Changes the rate of frames handed to the listener; 0 stops decoding (the buffer keeps filling). */
    public void setAnalysisFps(double fps) {
        IngestSettings.validateFps(fps);
        analysisFps = fps;
        AnalysisDecoder d = decoder;
        if (d != null) d.setAnalysisFps(fps);
    }

    public double analysisFps() {
        return analysisFps;
    }

    /** Pictures decoded since the worker started, over all its connections: the cost side of the analysis rate. */
    public long decodedFrames() {
        AnalysisDecoder d = decoder;
        long before = decodedBefore;
        return before + (d == null ? 0 : d.decodedPictures());
    }

    /** The current connection's stream (codec, size), if connected. */
    public Optional<StreamInfo> stream() {
        return Optional.ofNullable(stream);
    }

    /** How the current connection is decoded ({@code NONE} when not connected). */
    public AnalysisDecoder.Mode decodeMode() {
        AnalysisDecoder d = decoder;
        return d == null ? AnalysisDecoder.Mode.NONE : d.mode();
    }

    /** The packets kept for clips (read-only use: window snapshots, sizes). */
    public PacketRingBuffer buffer() {
        return buffer;
    }

    /**
     * Writes the video of {@code [from, to]} (wall-clock arrival times) to an MP4 at {@code target}, without
     * re-encoding: from the last key frame at or before {@code from} through {@code to}, timestamps starting at 0.
     * Completes after {@code to} has passed and its packets are buffered; fails with
     * {@link city.citywatch.ingest.buffer.ClipWindowUnavailableException} if the window is no longer buffered.
     *
     * @throws IllegalArgumentException if the window is reversed, or longer than the buffer less the wait for
     *                                  late packets (socket timeout + 1 s)
     */
    public CompletableFuture<Path> recordClip(Instant from, Instant to, Path target) {
        return clips.record(from, to, target);
    }

    private void run() {
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.backoffJitter(),
                RandomGenerator.getDefault());
        long connection = 0;
        String endReason = "stopped: the camera's worker was closed";
        try {
            while (!closing) {
                connection++;
                if (connection > 1) {
                    synchronized (statusLock) {
                        reconnects++;
                    }
                }
                try {
                    stream(connection, backoff);
                } catch (ConnectionFailure f) {
                    if (closing) break;
                    goOffline(f.reason());
                } catch (RuntimeException e) {
                    if (closing) break;
                    log.error("camera {}: unexpected failure on {}; reconnecting", cameraId, address, e);
                    goOffline("protocol_error: " + FailureClassifier.redactUrls(e.toString(), address.redacted()));
                }
                if (closing) break;
                Duration wait = backoff.next();
                log.info("camera {}: reconnecting to {} in {} ms (failure {} in a row)", cameraId, address,
                        wait.toMillis(), backoff.failures());
                if (stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            // Not retried (the JVM may be out of memory, a native library broken), but never reported as a close.
            // Not rethrown either: it is logged here, with the camera it cost.
            if (!closing) {
                endReason = "worker failed: " + FailureClassifier.redactUrls(e.toString(), address.redacted());
                log.error("camera {}: the worker reading {} failed and stopped; the camera stays offline until its"
                        + " worker is restarted", cameraId, address, e);
            }
        } finally {
            setStatus(CameraState.OFFLINE, endReason, Instant.now());
        }
    }

    /** One connection, from open to failure. Returns normally only when closing. */
    private void stream(long connection, Backoff backoff) throws ConnectionFailure {
        try (RtspConnection conn = RtspConnection.open(address, settings.rtspTransport(), settings.socketTimeout(),
                settings.watchdogTimeout(), connection, this::opening);
             AnalysisDecoder dec = new AnalysisDecoder(cameraId, conn.stream(), analysisFps,
                     settings.outputWidth(), settings.outputHeight(), settings.detectorInput(), this::deliver)) {
            stream = conn.stream();
            decoder = dec;
            interruptCurrent = conn::interrupt;
            if (closing) return;
            dec.setAnalysisFps(analysisFps); // a change that raced with the assignment above
            Instant onlineAt = null;
            boolean stable = false;
            while (!closing) {
                EncodedPacket p = conn.read();
                lastPacketAt = p.arrival();
                if (onlineAt == null) {
                    onlineAt = p.arrival();
                    setStatus(CameraState.ONLINE, null, p.arrival());
                    log.info("camera {}: online, {} {}x{} from {}", cameraId, conn.stream().codecName(),
                            conn.stream().width(), conn.stream().height(), address);
                }
                if (!stable) stable = backoff.online(Duration.between(onlineAt, p.arrival()));
                buffer.add(p);
                dec.onPacket(p);
            }
        } finally {
            interruptCurrent = null;
            AnalysisDecoder d = decoder;
            if (d != null) decodedBefore += d.decodedPictures();
            decoder = null;
            stream = null;
        }
    }

    /** The open under way can be aborted from {@link #close()} through {@code abort}. */
    private void opening(Runnable abort) {
        interruptCurrent = abort;
        if (closing) abort.run();
    }

    private void deliver(VideoFrame frame) {
        try {
            frames.onFrame(frame);
        } catch (RuntimeException e) {
            // a broken consumer must not cost the camera its connection; log sparingly, it repeats every frame
            if (listenerFailures++ % 100 == 0) {
                log.warn("camera {}: frame listener failed ({} times so far)", cameraId, listenerFailures, e);
            }
        }
    }

    private void goOffline(String why) {
        boolean wasOffline;
        synchronized (statusLock) {
            wasOffline = state == CameraState.OFFLINE;
        }
        log.warn("camera {}: {}", cameraId, why);
        setStatus(CameraState.OFFLINE, why, wasOffline ? null : Instant.now());
    }

    /** @param at start of the new state; null keeps the current {@code since} (same state, new reason) */
    private void setStatus(CameraState newState, String newReason, Instant at) {
        CameraStatus snapshot;
        synchronized (statusLock) {
            if (state == newState && Objects.equals(reason, newReason)) return;
            if (state != newState || at != null) since = at != null ? at : Instant.now();
            state = newState;
            reason = newReason;
            snapshot = new CameraStatus(cameraId, state, reason, since, lastPacketAt, reconnects);
        }
        try {
            statusListener.accept(snapshot);
        } catch (RuntimeException e) {
            log.warn("camera {}: status listener failed on {}", cameraId, snapshot, e);
        }
    }

    /**
     * Stops reading, waits for the worker thread to leave FFmpeg and release the demuxer and decoder, then stops
     * the clip thread. The blocking FFmpeg call under way (open or read) is interrupted through FFmpeg's interrupt
     * callback, and the TEARDOWN gets half a second, so this returns promptly even for a camera that accepted TCP
     * and never answered.
     */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (statusLock) {
            if (closing) return;
            closing = true;
            wasStarted = started;
        }
        stopSignal.countDown();
        Runnable interrupt = interruptCurrent;
        if (interrupt != null) interrupt.run();
        if (wasStarted) {
            try {
                thread.join(settings.socketTimeout().multipliedBy(2).plusSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("camera {}: worker still blocked in FFmpeg after close; it will end when its socket times out", cameraId);
            }
        } else {
            setStatus(CameraState.OFFLINE, "stopped: the camera's worker was closed", Instant.now());
        }
        clips.close();
        buffer.clear();
    }
}
