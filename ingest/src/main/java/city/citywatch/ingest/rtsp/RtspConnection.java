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
import city.citywatch.ingest.media.FfmpegErrors;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * One open RTSP session with a camera: FFmpeg's RTSP demuxer, opened here directly (not through JavaCV's
 * {@code FFmpegFrameGrabber}, whose {@code start()} holds one JVM-wide lock for the whole network handshake, so a
 * single camera that accepts TCP and never answers held up every other camera's connect). Every video packet is
 * copied out as an {@link EncodedPacket}; nothing is decoded here. Owned and used by one thread, except
 * {@link #interrupt()}; {@link #close()} releases the native demuxer.
 * <p>
 * Blocking calls are bounded twice: FFmpeg's {@code timeout} option (the RTSP socket timeout in µs; FFmpeg 8
 * ignores {@code stimeout}) for a silent socket, and an {@link IoDeadline} (FFmpeg's interrupt callback) for the
 * open as a whole, for the watchdog (no video for {@code watchdogTimeout} while the session itself stays alive)
 * and for the TEARDOWN on close.
 */
public final class RtspConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtspConnection.class);
    private static final Set<Integer> SUPPORTED_CODECS = Set.of(avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_HEVC);
    private static final double FALLBACK_FPS = 25;
    /** Longer than the probe burst (analyzeduration below) plus a slow handshake. */
    private static final Duration MAX_ARRIVAL_LAG = Duration.ofSeconds(3);
    /** Leading packets without timestamps kept until one is timed: about 10 s at 25 fps, far past any RTCP. */
    static final int MAX_UNTIMED = 256;
    private static final int ETIMEDOUT = 110;
    /** The stream probe after the handshake (analyzeduration); part of the open's time budget. */
    private static final Duration PROBE = Duration.ofSeconds(1);
    /** Time given to the TEARDOWN on close: polite to the camera, never a reason to hang. */
    private static final Duration TEARDOWN = Duration.ofMillis(500);

    static {
        // FFmpeg's own log goes to stderr; keep only errors there (failures are classified and logged by us).
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final AVFormatContext format;
    private final IoDeadline deadline;
    private final AVPacket pkt = av_packet_alloc();
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
    private boolean closed;

    private RtspConnection(AVFormatContext format, IoDeadline deadline, StreamAddress address, StreamInfo stream,
                           int videoIndex, Duration socketTimeout, Duration watchdogTimeout, ArrivalClock clock) {
        this.format = format;
        this.deadline = deadline;
        this.clock = clock;
        this.address = address;
        this.stream = stream;
        this.videoIndex = videoIndex;
        this.socketTimeout = socketTimeout;
        this.watchdogTimeout = watchdogTimeout;
        this.lastVideoAtNanos = System.nanoTime();
    }

    /**
     * Opens the session (RTSP handshake and a short probe of the stream) and checks that it carries H.264 or
     * H.265 video. Gives up after twice the socket timeout plus the probe time in all.
     *
     * @param connection sequence number of this connection, stamped on every packet's {@link StreamInfo}
     */
    public static RtspConnection open(StreamAddress address, String transport, Duration socketTimeout,
                                      Duration watchdogTimeout, long connection) throws ConnectionFailure {
        return open(address, transport, socketTimeout, watchdogTimeout, connection, null);
    }

    /**
     * As {@link #open(StreamAddress, String, Duration, Duration, long)}; {@code opening} receives a handle that
     * aborts the open from another thread (a closing worker must not wait for a camera that does not answer).
     */
    public static RtspConnection open(StreamAddress address, String transport, Duration socketTimeout,
                                      Duration watchdogTimeout, long connection,
                                      java.util.function.Consumer<Runnable> opening) throws ConnectionFailure {
        IoDeadline deadline = new IoDeadline();
        if (opening != null) opening.accept(deadline::expireNow);
        Duration budget = socketTimeout.multipliedBy(2).plus(PROBE);
        deadline.expireIn(budget.toNanos());
        AVFormatContext oc = avformat_alloc_context();
        deadline.install(oc);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rtsp_transport", transport, 0);
        av_dict_set(options, "timeout", Long.toString(socketTimeout.toNanos() / 1000), 0);
        av_dict_set(options, "allowed_media_types", "video", 0);
        // A short probe: every packet read while probing comes out later in one burst with one arrival time.
        av_dict_set(options, "analyzeduration", Long.toString(PROBE.toNanos() / 1000), 0);
        av_dict_set(options, "probesize", "1000000", 0);
        av_dict_set(options, "user_agent", "CityWatch", 0);
        Instant openedWall = Instant.now();
        long openedNanos = System.nanoTime();
        int ret = avformat_open_input(oc, address.uri().toString(), av_find_input_format("rtsp"), options);
        av_dict_free(options);
        if (ret < 0) {
            // FFmpeg freed the context it was given
            deadline.close();
            throw openFailure(ret, address, deadline, Duration.ofNanos(System.nanoTime() - openedNanos), socketTimeout, budget);
        }
        try {
            ret = avformat_find_stream_info(oc, (PointerPointer<?>) null);
            if (ret < 0) {
                throw openFailure(ret, address, deadline, Duration.ofNanos(System.nanoTime() - openedNanos), socketTimeout, budget);
            }
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
            return new RtspConnection(oc, deadline, address, info, index, socketTimeout, watchdogTimeout,
                    new ArrivalClock(openedWall, openedNanos, MAX_ARRIVAL_LAG));
        } catch (ConnectionFailure | RuntimeException e) {
            deadline.expireIn(TEARDOWN.toNanos());
            avformat_close_input(oc);
            deadline.close();
            throw e;
        }
    }

    private static ConnectionFailure openFailure(int code, StreamAddress address, IoDeadline deadline, Duration blocked,
                                                 Duration socketTimeout, Duration budget) {
        // an interrupted RTSP exchange may surface as "invalid data" (a reply cut short), not as AVERROR_EXIT
        if (deadline.isExpiredNow()) {
            return new ConnectionFailure(FailureKind.STREAM_LOST, "opening " + address + " was cancelled");
        }
        if (code == AVERROR_EXIT || deadline.passed()) {
            return new ConnectionFailure(FailureKind.TIMEOUT, address + " did not complete the RTSP handshake and"
                    + " stream probe within " + budget.toMillis() + " ms");
        }
        return FailureClassifier.classifyOpenCode(code, address.redacted(), blocked, socketTimeout);
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
            // the watchdog: a session kept alive by RTCP or keep-alive replies blocks here without this
            deadline.expireIn(lastVideoAtNanos + watchdogTimeout.toNanos() - System.nanoTime());
            int ret = av_read_frame(format, pkt);
            long now = System.nanoTime();
            if (ret < 0) {
                if (deadline.isExpiredNow()) {
                    throw new ConnectionFailure(FailureKind.STREAM_LOST, "reading " + address + " was stopped");
                }
                if (ret == AVERROR_EXIT || deadline.passed()) {
                    throw new ConnectionFailure(FailureKind.NO_VIDEO, address + " sent no video for "
                            + watchdogTimeout.toMillis() + " ms (watchdog)");
                }
                if (ret == AVERROR_EOF) {
                    throw new ConnectionFailure(FailureKind.STREAM_LOST, "the stream of " + address + " ended");
                }
                if (ret == -ETIMEDOUT || now - lastVideoAtNanos >= socketTimeout.toNanos() * 9 / 10) {
                    throw new ConnectionFailure(FailureKind.TIMEOUT, address + " sent nothing for "
                            + socketTimeout.toMillis() + " ms (socket timeout)");
                }
                throw new ConnectionFailure(FailureKind.STREAM_LOST, "reading " + address + " failed: "
                        + FfmpegErrors.describe(ret) + " (FFmpeg error " + ret + ")");
            }
            try {
                if (pkt.stream_index() == videoIndex && pkt.size() > 0) {
                    lastVideoAtNanos = now;
                    accept(pkt, now);
                }
            } finally {
                av_packet_unref(pkt);
            }
        }
        return ready.poll();
    }

    /**
     * Makes the blocking call under way (or the next one) give up at once; the owner's {@code read()} then fails.
     * Any thread: this is how a closing worker gets its thread back from a camera that does not answer.
     */
    public void interrupt() {
        deadline.expireNow();
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
        if (closed) return;
        closed = true;
        // RTSP TEARDOWN goes out on close; a camera that stopped answering gets TEARDOWN's time, not a socket timeout
        if (!deadline.isExpiredNow()) deadline.expireIn(TEARDOWN.toNanos());
        avformat_close_input(format);
        av_packet_free(pkt);
        deadline.close();
    }
}
