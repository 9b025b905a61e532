package city.citywatch.ingest.rtsp;

import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * One open RTSP session with a camera: JavaCV's {@link FFmpegFrameGrabber} used as a demuxer only. Every video
 * packet is copied out as an {@link EncodedPacket}; nothing is decoded here. Owned and used by one thread;
 * {@link #close()} releases the native demuxer.
 * <p>
 * Every blocking call is bounded by FFmpeg's {@code timeout} option (the RTSP socket timeout in µs; FFmpeg 8
 * ignores {@code stimeout}, and {@code FrameGrabber.setTimeout} does nothing for RTSP).
 */
public final class RtspConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtspConnection.class);
    private static final Set<Integer> SUPPORTED_CODECS = Set.of(avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_HEVC);
    private static final double FALLBACK_FPS = 25;
    /** Longer than the probe burst (analyzeduration below) plus a slow handshake. */
    private static final Duration MAX_ARRIVAL_LAG = Duration.ofSeconds(3);
    /** Leading packets without timestamps kept until one is timed: about 10 s at 25 fps, far past any RTCP. */
    static final int MAX_UNTIMED = 256;

    static {
        // FFmpeg's own log goes to stderr; keep only errors there (failures are classified and logged by us).
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final FFmpegFrameGrabber grabber;
    private final StreamAddress address;
    private final StreamInfo stream;
    private final int videoIndex;
    private final Duration socketTimeout;
    private final Duration watchdogTimeout;
    /** Packets ready to hand out; more than one only after packets without timestamps were repaired. */
    private final ArrayDeque<EncodedPacket> ready = new ArrayDeque<>();
    /** Leading packets whose timestamps FFmpeg could not tell yet (the first RTP packets before any RTCP). */
    private final ArrayDeque<Untimed> untimed = new ArrayDeque<>();
    private long lastPts = AV_NOPTS_VALUE;
    private long lastDts = AV_NOPTS_VALUE;
    private final ArrivalClock clock;
    private long lastVideoAtNanos;

    private RtspConnection(FFmpegFrameGrabber grabber, StreamAddress address, StreamInfo stream, int videoIndex,
                           Duration socketTimeout, Duration watchdogTimeout, ArrivalClock clock) {
        this.clock = clock;
        this.grabber = grabber;
        this.address = address;
        this.stream = stream;
        this.videoIndex = videoIndex;
        this.socketTimeout = socketTimeout;
        this.watchdogTimeout = watchdogTimeout;
        this.lastVideoAtNanos = System.nanoTime();
    }

    /**
     * Opens the session (RTSP handshake and a short probe of the stream) and checks that it carries H.264 or
     * H.265 video. Blocks at most about the socket timeout per network step.
     *
     * @param connection sequence number of this connection, stamped on every packet's {@link StreamInfo}
     */
    public static RtspConnection open(StreamAddress address, String transport, Duration socketTimeout,
                                      Duration watchdogTimeout, long connection) throws ConnectionFailure {
        FFmpegFrameGrabber grabber = newGrabber(address, transport, socketTimeout);
        Instant openedWall = Instant.now();
        long openedNanos = System.nanoTime();
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber, address);
            throw FailureClassifier.classifyOpen(e, address.redacted(),
                    Duration.ofNanos(System.nanoTime() - openedNanos), socketTimeout);
        }
        try {
            AVFormatContext oc = grabber.getFormatContext();
            int index = -1;
            for (int i = 0; i < oc.nb_streams(); i++) {
                if (oc.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw new ConnectionFailure(FailureKind.PROTOCOL_ERROR, address.redacted() + " offers no video stream");
            }
            AVStream st = oc.streams(index);
            AVCodecParameters par = st.codecpar();
            String codecName = avcodec.avcodec_get_name(par.codec_id()).getString();
            if (!SUPPORTED_CODECS.contains(par.codec_id())) {
                throw new ConnectionFailure(FailureKind.UNSUPPORTED_CODEC, address.redacted() + " sends " + codecName
                        + " video; CityWatch reads H.264 and H.265 (change the camera's encoder setting)");
            }
            byte[] extradata = new byte[Math.max(par.extradata_size(), 0)];
            if (extradata.length > 0) par.extradata().get(extradata);
            AVRational tb = st.time_base();
            StreamInfo info = new StreamInfo(connection, par.codec_id(), codecName, par.width(), par.height(), extradata,
                    tb.num(), tb.den(), frameDuration(st));
            log.debug("opened {}: {}", address, info);
            return new RtspConnection(grabber, address, info, index, socketTimeout, watchdogTimeout,
                    new ArrivalClock(openedWall, openedNanos, MAX_ARRIVAL_LAG));
        } catch (ConnectionFailure | RuntimeException e) {
            releaseQuietly(grabber, address);
            throw e;
        }
    }

    /** The demuxer for {@code address}, configured and not yet started. */
    static FFmpegFrameGrabber newGrabber(StreamAddress address, String transport, Duration socketTimeout) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(address.uri().toString());
        grabber.setFormat("rtsp");
        grabber.setOption("rtsp_transport", transport);
        grabber.setOption("timeout", Long.toString(socketTimeout.toNanos() / 1000));
        grabber.setOption("allowed_media_types", "video");
        // A short probe: every packet read while probing comes out later in one burst with one arrival time.
        grabber.setOption("analyzeduration", "1000000");
        grabber.setOption("probesize", "1000000");
        grabber.setOption("user_agent", "CityWatch");
        // start() opens a video decoder of its own that we never use (only grabPacket() is called); JavaCV sets
        // its thread_count to 0, i.e. cores + 1 idle threads per camera. The option wins: avcodec_open2 applies it
        // after JavaCV's setting.
        grabber.setVideoOption("threads", "1");
        return grabber;
    }

    private static long frameDuration(AVStream st) {
        AVRational rate = st.avg_frame_rate().num() > 0 ? st.avg_frame_rate() : st.r_frame_rate();
        double fps = rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : FALLBACK_FPS;
        if (!(fps >= 1 && fps <= 240)) fps = FALLBACK_FPS;
        AVRational tb = st.time_base();
        return Math.max(1, Math.round(tb.den() / (tb.num() * fps)));
    }

    public StreamInfo stream() {
        return stream;
    }

    /**
     * The next video packet. Blocks until one arrives.
     *
     * @throws ConnectionFailure when the stream ends or breaks, stays silent for the socket timeout, or sends
     *                           no video for the watchdog time
     */
    public EncodedPacket read() throws ConnectionFailure {
        while (ready.isEmpty()) {
            long before = System.nanoTime();
            AVPacket pkt;
            try {
                pkt = grabber.grabPacket();
            } catch (FrameGrabber.Exception e) {
                throw new ConnectionFailure(FailureKind.STREAM_LOST, "reading " + address + " failed: "
                        + FailureClassifier.redactUrls(e.getMessage(), address.redacted()), e);
            }
            long now = System.nanoTime();
            if (pkt == null) {
                // JavaCV hides av_read_frame's error code; how long the read blocked tells a silent camera
                // (blocked for the whole socket timeout) from one that closed the stream.
                if (now - before >= socketTimeout.toNanos() * 9 / 10) {
                    throw new ConnectionFailure(FailureKind.TIMEOUT, address + " sent nothing for "
                            + socketTimeout.toMillis() + " ms (socket timeout)");
                }
                throw new ConnectionFailure(FailureKind.STREAM_LOST, "the stream of " + address
                        + " ended or the connection broke");
            }
            try {
                if (pkt.stream_index() == videoIndex && pkt.size() > 0) {
                    lastVideoAtNanos = now;
                    accept(pkt, now);
                } else if (now - lastVideoAtNanos > watchdogTimeout.toNanos()) {
                    throw new ConnectionFailure(FailureKind.NO_VIDEO, address + " sent no video for "
                            + watchdogTimeout.toMillis() + " ms (watchdog)");
                }
            } finally {
                // grabPacket() hands out the grabber's own packet and never unreferences it
                av_packet_unref(pkt);
            }
        }
        return ready.poll();
    }

    /** Copies the packet out, repairs missing timestamps, stamps its arrival. Package-private for tests. */
    void accept(AVPacket pkt, long readNanos) throws ConnectionFailure {
        byte[] data = new byte[pkt.size()];
        pkt.data().get(data);
        boolean key = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
        long pts = pkt.pts();
        long dts = pkt.dts();
        if (pts == AV_NOPTS_VALUE) pts = dts;
        if (dts == AV_NOPTS_VALUE) dts = pts;
        if (pts == AV_NOPTS_VALUE) {
            if (lastPts == AV_NOPTS_VALUE) {
                if (untimed.size() >= MAX_UNTIMED) {
                    // a stream that never gets timed would otherwise be held here, in memory, for good
                    throw new ConnectionFailure(FailureKind.PROTOCOL_ERROR, address + " sent " + MAX_UNTIMED
                            + " packets without timestamps; a clip or frame time cannot be derived from them");
                }
                untimed.add(new Untimed(key, readNanos, data));
                return;
            }
            pts = lastPts + stream.frameDuration();
            dts = lastDts + stream.frameDuration();
        }
        // FFmpeg's RTSP demuxer cannot time the first packets before RTCP arrives: number them backwards from
        // the first timed one, one frame apart
        int n = untimed.size();
        for (Untimed u : untimed) {
            long t = pts - n * stream.frameDuration();
            long d = dts - n * stream.frameDuration();
            ready.add(new EncodedPacket(stream, t, d, u.key(), clock.arrival(stream.toMicros(t), u.readNanos()), u.data()));
            n--;
        }
        untimed.clear();
        lastPts = pts;
        lastDts = dts;
        ready.add(new EncodedPacket(stream, pts, dts, key, clock.arrival(stream.toMicros(pts), readNanos), data));
    }

    private record Untimed(boolean key, long readNanos, byte[] data) {
    }

    @Override
    public void close() {
        releaseQuietly(grabber, address);
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber, StreamAddress address) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            log.warn("releasing the demuxer of {} failed (native memory may leak): {}", address, e.toString());
        }
    }
}
