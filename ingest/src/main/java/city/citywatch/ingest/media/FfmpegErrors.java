package city.citywatch.ingest.media;

import java.nio.charset.StandardCharsets;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg's error texts, for messages that an operator reads. */
public final class FfmpegErrors {
    private FfmpegErrors() {
    }

    public static String describe(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) return "error " + code;
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
