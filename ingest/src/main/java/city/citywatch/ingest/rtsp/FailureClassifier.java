package city.citywatch.ingest.rtsp;

import city.citywatch.ingest.media.FfmpegErrors;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_BAD_REQUEST;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_OTHER_4XX;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_SERVER_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;

/**
 * Turns FFmpeg's failures into {@link ConnectionFailure}s an operator can act on. JavaCV reports FFmpeg errors
 * only inside exception messages ({@code "avformat_open_input() error -111: ..."}), so the code is read from there.
 */
public final class FailureClassifier {
    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");
    /** A stream URL inside a message; JavaCV quotes the URL it was given, credentials and all. */
    private static final Pattern STREAM_URL = Pattern.compile("(?i)rtsps?://[^\\s\"]*");
    // Linux errno values, as FFmpeg returns them negated (AVERROR(e))
    private static final int EIO = 5, ENETUNREACH = 101, ECONNRESET = 104, ETIMEDOUT = 110, ECONNREFUSED = 111,
            EHOSTUNREACH = 113, EHOSTDOWN = 112, EPIPE = 32;

    private FailureClassifier() {
    }

    /**
     * A failure of {@code FFmpegFrameGrabber.start()} for the camera at {@code where} (already redacted). The
     * failure never carries {@code error} as its cause, only its class name: JavaCV's messages hold the full URL.
     *
     * @param blocked       how long the open call took
     * @param socketTimeout the socket timeout it ran under
     */
    public static ConnectionFailure classifyOpen(Throwable error, String where, Duration blocked,
                                                 Duration socketTimeout) {
        String message = String.valueOf(error.getMessage());
        if (message.contains("avcodec_find_decoder") || message.contains("Unsupported video format or codec")) {
            return new ConnectionFailure(FailureKind.UNSUPPORTED_CODEC,
                    "no decoder for the stream of " + where + " (CityWatch reads H.264 and H.265)", error);
        }
        Matcher m = ERROR_CODE.matcher(message);
        if (!m.find()) {
            return new ConnectionFailure(FailureKind.PROTOCOL_ERROR, "could not open " + where + ": "
                    + redactUrls(message, where), error);
        }
        return classifyOpenCode(Integer.parseInt(m.group(1)), where, blocked, socketTimeout, error);
    }

    /** A failure code of {@code avformat_open_input} or {@code avformat_find_stream_info}; see {@link #classifyOpen}. */
    public static ConnectionFailure classifyOpenCode(int code, String where, Duration blocked, Duration socketTimeout) {
        return classifyOpenCode(code, where, blocked, socketTimeout, null);
    }

    private static ConnectionFailure classifyOpenCode(int code, String where, Duration blocked, Duration socketTimeout,
                                                      Throwable error) {
        ConnectionFailure byCode = classifyCode(code, where, error);
        // A camera that accepts the connection and then stays silent makes FFmpeg give up with whatever its
        // half-read reply amounts to (often "invalid data"); having waited out the socket timeout is what tells.
        if (byCode.kind() == FailureKind.PROTOCOL_ERROR && blocked.compareTo(socketTimeout.multipliedBy(9).dividedBy(10)) >= 0) {
            return new ConnectionFailure(FailureKind.TIMEOUT, where + " accepted the connection but did not answer within "
                    + socketTimeout.toMillis() + " ms", error);
        }
        return byCode;
    }

    /** {@code text} with every rtsp:// or rtsps:// URL in it replaced by {@code where}, the redacted address. */
    public static String redactUrls(String text, String where) {
        return STREAM_URL.matcher(String.valueOf(text)).replaceAll(Matcher.quoteReplacement(where));
    }

    static ConnectionFailure classifyCode(int code, String where, Throwable cause) {
        String text = FfmpegErrors.describe(code);
        if (code == AVERROR_HTTP_UNAUTHORIZED || code == AVERROR_HTTP_FORBIDDEN) {
            return new ConnectionFailure(FailureKind.AUTH_REFUSED, "the camera at " + where
                    + " refused the credentials (" + text + "); check user and password in the camera URL", cause);
        }
        if (code == AVERROR_HTTP_NOT_FOUND) {
            return new ConnectionFailure(FailureKind.STREAM_NOT_FOUND, "the camera has no stream at " + where
                    + " (" + text + "); check the URL's path", cause);
        }
        if (code == -ECONNREFUSED) {
            return new ConnectionFailure(FailureKind.UNREACHABLE, "connection refused by " + where
                    + ": nothing listens on that port", cause);
        }
        if (code == -EHOSTUNREACH || code == -ENETUNREACH || code == -EHOSTDOWN) {
            return new ConnectionFailure(FailureKind.UNREACHABLE, "no route to " + where + " (" + text + ")", cause);
        }
        if (code == -EIO) {
            // FFmpeg's TCP layer reports a failed name lookup as EIO (and logs the resolver's message)
            return new ConnectionFailure(FailureKind.UNREACHABLE, "could not reach " + where
                    + " (" + text + "; is the host name right?)", cause);
        }
        if (code == -ETIMEDOUT) {
            return new ConnectionFailure(FailureKind.TIMEOUT, where + " did not answer within the socket timeout", cause);
        }
        if (code == -ECONNRESET || code == -EPIPE) {
            return new ConnectionFailure(FailureKind.STREAM_LOST, where + " closed the connection (" + text + ")", cause);
        }
        if (code == AVERROR_HTTP_BAD_REQUEST || code == AVERROR_HTTP_OTHER_4XX || code == AVERROR_HTTP_SERVER_ERROR) {
            return new ConnectionFailure(FailureKind.PROTOCOL_ERROR, "the camera at " + where + " answered " + text, cause);
        }
        return new ConnectionFailure(FailureKind.PROTOCOL_ERROR, "could not open " + where + ": " + text
                + " (FFmpeg error " + code + ")", cause);
    }
}
