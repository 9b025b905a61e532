package city.citywatch.ingest.decode;

import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.ScaledPlane;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Decodes what a camera's analysis needs and nothing more, for one connection's stream.
 * <ul>
 *   <li>If the analysis rate is at most the stream's key-frame rate, only key packets are sent to a decoder
 *   that discards non-key pictures ({@code skip_frame=AVDISCARD_NONKEY}); P-frames cost nothing.</li>
 *   <li>Otherwise every packet is decoded (P-frames depend on their predecessors) and pictures are sampled
 *   to the rate; only sampled pictures are converted to BGR.</li>
 *   <li>Rate 0 decodes nothing.</li>
 * </ul>
 * Until the key-frame interval is known (two key frames seen), it runs in key-frame mode. Modes switch only at
 * a key frame, where a fresh decoder can start. Used by the camera's worker thread only, except
 * {@link #setAnalysisFps(double)}.
 */
public final class AnalysisDecoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnalysisDecoder.class);
    /** Key frames may come a little late or early; do not fall back to full decoding for that. */
    private static final double KEY_RATE_TOLERANCE = 1.05;
    private static final int ARRIVALS_KEPT = 64;

    public enum Mode { NONE, KEY_FRAMES, ALL_FRAMES }

    private final String cameraId;
    private final StreamInfo stream;
    private final Consumer<VideoFrame> frames;
    private final KeyFrameCadence cadence = new KeyFrameCadence();
    private final FramePacer pacer;
    private final BgrConverter converter;
    /** Null: deliver no detector plane. */
    private final DetectorInputSize detectorInput;
    /** (pts, arrival) of recent packets: a decoder with reordering delay returns pictures after later packets. */
    private final ArrayDeque<long[]> arrivals = new ArrayDeque<>();
    private volatile double analysisFps;
    private PictureDecoder decoder;
    private long firstPts = Long.MIN_VALUE;
    /** Written by the worker thread only; read by metrics and the ingest benchmark from other threads. */
    private volatile long decodedPictures;

    public AnalysisDecoder(String cameraId, StreamInfo stream, double analysisFps, int outputWidth, int outputHeight,
                           Consumer<VideoFrame> frames) {
        this(cameraId, stream, analysisFps, outputWidth, outputHeight, null, frames);
    }

    /**
     * @param detectorInput if not null, every delivered frame also carries the picture scaled to this detector
     *                      input ({@link VideoFrame#detectorPlane()}), made by swscale from the decoder's planes
     */
    public AnalysisDecoder(String cameraId, StreamInfo stream, double analysisFps, int outputWidth, int outputHeight,
                           DetectorInputSize detectorInput, Consumer<VideoFrame> frames) {
        this(cameraId, stream, analysisFps, new BgrConverter(outputWidth, outputHeight), detectorInput, frames);
    }

    AnalysisDecoder(String cameraId, StreamInfo stream, double analysisFps, BgrConverter converter,
                    DetectorInputSize detectorInput, Consumer<VideoFrame> frames) {
        this.detectorInput = detectorInput;
        this.cameraId = cameraId;
        this.stream = stream;
        this.frames = frames;
        this.analysisFps = analysisFps;
        this.pacer = new FramePacer(analysisFps);
        this.converter = converter;
    }

    /** May be called from any thread; takes effect at the next packet (mode changes at the next key frame). */
    public void setAnalysisFps(double fps) {
        this.analysisFps = fps;
    }

    public Mode mode() {
        PictureDecoder d = decoder;
        return d == null ? Mode.NONE : d.keyFramesOnly() ? Mode.KEY_FRAMES : Mode.ALL_FRAMES;
    }

    /** Pictures decoded on this connection so far (what decoding cost, whether or not they were delivered). */
    public long decodedPictures() {
        return decodedPictures;
    }

    public void onPacket(EncodedPacket p) {
        if (firstPts == Long.MIN_VALUE) firstPts = p.pts();
        long ptsMicros = stream.toMicros(p.pts() - firstPts);
        if (p.key()) cadence.onKeyFrame(ptsMicros);
        double fps = analysisFps;
        pacer.setFps(fps);
        if (p.key()) chooseDecoder(fps);
        if (decoder == null) return;
        if (decoder.keyFramesOnly()) {
            if (!p.key() || !pacer.take(ptsMicros)) return;
            decoder.decode(p, picture -> {
                decodedPictures++;
                deliver(ptsMicros, p.arrival(), picture);
            });
        } else {
            remember(p);
            decoder.decode(p, picture -> {
                decodedPictures++;
                long pts = picture.best_effort_timestamp();
                long micros = pts == Long.MIN_VALUE ? ptsMicros : stream.toMicros(pts - firstPts);
                if (pacer.take(micros)) {
                    deliver(micros, arrivalOf(pts, p.arrival()), picture);
                }
            });
        }
    }

    private void chooseDecoder(double fps) {
        Mode wanted;
        if (fps <= 0) {
            wanted = Mode.NONE;
        } else {
            OptionalDouble keyRate = cadence.keyFramesPerSecond();
            wanted = keyRate.isEmpty() || fps <= keyRate.getAsDouble() * KEY_RATE_TOLERANCE ? Mode.KEY_FRAMES : Mode.ALL_FRAMES;
        }
        if (wanted == mode()) return;
        if (decoder != null) decoder.close();
        decoder = null;
        arrivals.clear();
        if (wanted != Mode.NONE) decoder = new PictureDecoder(cameraId, stream, wanted == Mode.KEY_FRAMES);
        log.debug("camera {}: decoding {} (analysis {} fps, key frames {} /s)", cameraId, wanted, fps,
                cadence.keyFramesPerSecond().isPresent() ? String.format("%.2f", cadence.keyFramesPerSecond().getAsDouble()) : "?");
    }

    private void deliver(long ptsMicros, Instant arrival, AVFrame picture) {
        byte[] bgr = converter.convert(picture);
        int w = converter.width(), h = converter.height();
        ScaledPlane plane = null;
        if (detectorInput != null) {
            int pw = detectorInput.scaledWidth(w, h), ph = detectorInput.scaledHeight(w, h);
            plane = new ScaledPlane(pw, ph, converter.convertScaled(picture, pw, ph));
        }
        frames.accept(new VideoFrame(cameraId, arrival, ptsMicros, w, h, bgr, plane));
    }

    private void remember(EncodedPacket p) {
        arrivals.addLast(new long[]{p.pts(), p.arrival().getEpochSecond(), p.arrival().getNano()});
        if (arrivals.size() > ARRIVALS_KEPT) arrivals.removeFirst();
    }

    private Instant arrivalOf(long pts, Instant fallback) {
        for (long[] a : arrivals) {
            if (a[0] == pts) return Instant.ofEpochSecond(a[1], a[2]);
        }
        return fallback;
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        converter.close();
    }
}
