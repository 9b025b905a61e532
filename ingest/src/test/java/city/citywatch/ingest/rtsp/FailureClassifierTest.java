package city.citywatch.ingest.rtsp;

import city.citywatch.core.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;

/** JavaCV's exception texts as FFmpeg produces them, mapped to what an operator must do. */
class FailureClassifierTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static FailureKind kind(int code, Duration blocked) {
        Exception e = new Exception("avformat_open_input() error " + code + ": Could not open input \"rtsp://x\". (Has setFormat() been called?)");
        return FailureClassifier.classifyOpen(e, "rtsp://cam:554/main", blocked, TIMEOUT).kind();
    }

    @Test
    void mapsFfmpegErrorCodes() {
        assertThat(kind(-111, Duration.ZERO)).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(kind(-113, Duration.ZERO)).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(kind(-5, Duration.ZERO)).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(kind(-110, Duration.ofSeconds(5))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(kind(AVERROR_HTTP_UNAUTHORIZED, Duration.ZERO)).isEqualTo(FailureKind.AUTH_REFUSED);
        assertThat(kind(AVERROR_HTTP_FORBIDDEN, Duration.ZERO)).isEqualTo(FailureKind.AUTH_REFUSED);
        assertThat(kind(AVERROR_HTTP_NOT_FOUND, Duration.ZERO)).isEqualTo(FailureKind.STREAM_NOT_FOUND);
        assertThat(kind(AVERROR_INVALIDDATA, Duration.ofMillis(10))).isEqualTo(FailureKind.PROTOCOL_ERROR);
        // a silent camera makes FFmpeg give up with "invalid data" after waiting out the timeout
        assertThat(kind(AVERROR_INVALIDDATA, Duration.ofMillis(5400))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(FailureClassifier.classifyOpen(new Exception("avcodec_find_decoder() error: Unsupported video format or codec."),
                "rtsp://cam/main", Duration.ZERO, TIMEOUT).kind()).isEqualTo(FailureKind.UNSUPPORTED_CODEC);
    }

    @Test
    void reasonStartsWithTheWireNameAndNamesTheCamera() {
        ConnectionFailure f = FailureClassifier.classifyOpen(new Exception("avformat_open_input() error -111: x"),
                "rtsp://10.0.0.7:554/main", Duration.ZERO, TIMEOUT);
        assertThat(f.reason()).isEqualTo("unreachable: connection refused by rtsp://10.0.0.7:554/main: nothing listens on that port");
    }

    @Test
    void javaCvMessagesWithThePasswordBearingUrlNeverReachTheReasonOrTheCause() {
        String url = "rtsp://admin:hunter2@10.0.0.7:554/Streaming/Channels/101?token=abc";
        String where = new StreamAddress(URI.create(url)).redacted();
        Exception noStream = new Exception("Did not find a video or audio stream inside \"" + url
                + "\" for 1000000 microseconds (RTSPS://admin:hunter2@10.0.0.7/x too).");
        Exception coded = new Exception("avformat_open_input() error " + AVERROR_INVALIDDATA
                + ": Could not open input \"" + url + "\". (Has setFormat() been called?)");
        for (Exception e : new Exception[]{noStream, coded}) {
            ConnectionFailure f = FailureClassifier.classifyOpen(e, where, Duration.ZERO, TIMEOUT);
            assertThat(f.kind()).isEqualTo(FailureKind.PROTOCOL_ERROR);
            assertThat(f.reason()).contains("rtsp://10.0.0.7:554/Streaming/Channels/101")
                    .doesNotContain("hunter2").doesNotContain("admin").doesNotContain("token");
            assertThat(f.getCause()).isNull();
            assertThat(f.causeType()).isEqualTo("java.lang.Exception");
            java.io.StringWriter trace = new java.io.StringWriter();
            f.printStackTrace(new java.io.PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain("hunter2");
        }
        assertThat(FailureClassifier.classifyOpen(noStream, where, Duration.ZERO, TIMEOUT).reason())
                .isEqualTo("protocol_error: could not open " + where + ": Did not find a video or audio stream inside \""
                        + where + "\" for 1000000 microseconds (" + where + " too).");
    }

    @Test
    void addressNeverShowsCredentialsOrQuery() {
        StreamAddress a = new StreamAddress(URI.create("rtsp://admin:hunter2@10.0.0.7:554/Streaming/Channels/101?token=abc"));
        assertThat(a.redacted()).isEqualTo("rtsp://10.0.0.7:554/Streaming/Channels/101");
        assertThat(a.toString()).doesNotContain("hunter2").doesNotContain("admin").doesNotContain("abc");
        assertThatThrownBy(() -> new StreamAddress(URI.create("http://admin:hunter2@host/x")))
                .isInstanceOf(ValidationException.class).hasMessageNotContaining("hunter2");
    }
}
