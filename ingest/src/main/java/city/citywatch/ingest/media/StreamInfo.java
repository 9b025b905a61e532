package city.citywatch.ingest.media;

import java.util.Arrays;

/**
 * What a muxer needs to know about one connection's video stream, kept as plain Java data so that packets
 * outlive the native demuxer they came from (a clip may be written after the camera reconnected).
 *
 * @param connection    sequence number of the connection (1 for the first); packets of different connections
 *                      have unrelated timestamps and never go into one clip
 * @param codecId       FFmpeg {@code AVCodecID}
 * @param codecName     FFmpeg's short codec name (h264, hevc)
 * @param extradata     codec configuration from the stream description (SPS/PPS); may be empty
 * @param timeBaseNum   numerator of the time base of {@link EncodedPacket#pts()}
 * @param timeBaseDen   denominator of that time base
 * @param frameDuration nominal duration of one frame in time-base units (from the stream's frame rate)
 */
public record StreamInfo(long connection, int codecId, String codecName, int width, int height, byte[] extradata,
                         int timeBaseNum, int timeBaseDen, long frameDuration) {
    public StreamInfo {
        extradata = extradata == null ? new byte[0] : extradata;
        if (timeBaseNum <= 0 || timeBaseDen <= 0) {
            throw new IllegalArgumentException("time base must be positive, got " + timeBaseNum + "/" + timeBaseDen);
        }
        if (frameDuration <= 0) throw new IllegalArgumentException("frameDuration must be > 0, got " + frameDuration);
    }

    /** {@code ticks} of this stream's time base in microseconds. */
    public long toMicros(long ticks) {
        // doubles hold 53 bits: exact to the microsecond for years of 90 kHz ticks
        return Math.round(ticks * 1e6 * timeBaseNum / timeBaseDen);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamInfo s && connection == s.connection && codecId == s.codecId
                && codecName.equals(s.codecName) && width == s.width && height == s.height
                && Arrays.equals(extradata, s.extradata) && timeBaseNum == s.timeBaseNum
                && timeBaseDen == s.timeBaseDen && frameDuration == s.frameDuration;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(connection) * 31 + Arrays.hashCode(extradata);
    }

    @Override
    public String toString() {
        return "StreamInfo[connection=" + connection + ", " + codecName + " " + width + "x" + height
                + ", extradata=" + extradata.length + " B, timeBase=" + timeBaseNum + "/" + timeBaseDen + "]";
    }
}
