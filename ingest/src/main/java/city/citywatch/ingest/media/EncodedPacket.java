package city.citywatch.ingest.media;

import java.time.Instant;

/**
 * One encoded video packet (an access unit) as it arrived from a camera, copied out of FFmpeg's memory so that
 * its lifetime is the garbage collector's business, not the demuxer's.
 *
 * @param pts     presentation time in {@link StreamInfo} time-base units, never missing (repaired on arrival)
 * @param dts     decoding time, same units, never missing
 * @param key     whether decoding can start here
 * @param arrival wall-clock time the packet was read from the network
 * @param data    the packet's bytes; treated as immutable once the packet is built
 */
public record EncodedPacket(StreamInfo stream, long pts, long dts, boolean key, Instant arrival, byte[] data) {
    public int size() {
        return data.length;
    }
}
