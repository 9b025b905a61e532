package city.citywatch.ingest.buffer;

import city.citywatch.ingest.media.EncodedPacket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The encoded packets of the last few seconds of one camera, the pre-roll of every clip. Bounded by arrival
 * time (oldest packets leave once they are older than {@code maxDuration} behind the newest) and by bytes.
 * One thread adds; any thread may take a window. Packets are immutable, so a window is a cheap list copy that
 * stays valid while the buffer moves on.
 */
public final class PacketRingBuffer {
    private final Duration maxDuration;
    private final long maxBytes;
    private final ArrayDeque<EncodedPacket> packets = new ArrayDeque<>();
    private long bytes;
    /** Arrival of the newest packet ever evicted: windows starting at or before it have lost packets. */
    private Instant evictedThrough;

    public PacketRingBuffer(Duration maxDuration, long maxBytes) {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) throw new IllegalArgumentException("maxDuration must be > 0");
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be > 0");
        this.maxDuration = maxDuration;
        this.maxBytes = maxBytes;
    }

    public synchronized void add(EncodedPacket packet) {
        packets.addLast(packet);
        bytes += packet.size();
        Instant horizon = packet.arrival().minus(maxDuration);
        while (packets.size() > 1 && (packets.peekFirst().arrival().isBefore(horizon) || bytes > maxBytes)) {
            EncodedPacket old = packets.removeFirst();
            bytes -= old.size();
            evictedThrough = old.arrival();
        }
    }

    public synchronized int size() {
        return packets.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized Optional<Instant> oldestArrival() {
        return packets.isEmpty() ? Optional.empty() : Optional.of(packets.peekFirst().arrival());
    }

    public synchronized Optional<Instant> newestArrival() {
        return packets.isEmpty() ? Optional.empty() : Optional.of(packets.peekLast().arrival());
    }

    /**
     * The packets of one connection that cover {@code [from, to]} by arrival time: from the last key frame that
     * arrived at or before {@code from} through the last packet that arrived at or before {@code to}.
     * <p>
     * If the window spans a reconnection, only the part after it is returned (timestamps of two connections are
     * unrelated). If the key frame before {@code from} is not buffered (the camera connected after {@code from},
     * or the key frame was evicted while later packets of its group were not), the window starts at the first
     * buffered key frame after it: callers see a first arrival after {@code from} and can say the pre-roll is short.
     *
     * @throws ClipWindowUnavailableException if part of the window was already evicted, or nothing decodable
     *                                        was buffered in it
     */
    public synchronized List<EncodedPacket> window(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        if (evictedThrough != null && !from.isAfter(evictedThrough)) {
            throw new ClipWindowUnavailableException("clip window " + from + " .. " + to
                    + " is no longer buffered: the buffer now starts at " + packets.peekFirst().arrival()
                    + " (it keeps " + maxDuration.toSeconds() + " s or " + (maxBytes >> 20) + " MiB)");
        }
        List<EncodedPacket> all = new ArrayList<>(packets);
        int end = -1;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!all.get(i).arrival().isAfter(to)) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ClipWindowUnavailableException("no video was buffered in clip window " + from + " .. " + to
                    + (all.isEmpty() ? " (the buffer is empty)" : " (the buffer starts at " + all.get(0).arrival() + ")"));
        }
        long connection = all.get(end).stream().connection();
        int start = -1;
        int earliestKey = -1;
        for (int i = end; i >= 0 && all.get(i).stream().connection() == connection; i--) {
            EncodedPacket p = all.get(i);
            if (!p.key()) continue;
            if (!p.arrival().isAfter(from)) {
                start = i;
                break;
            }
            earliestKey = i;
        }
        if (start < 0) start = earliestKey;
        if (start < 0) {
            throw new ClipWindowUnavailableException("no key frame was buffered in clip window " + from + " .. " + to
                    + ": nothing in it can be decoded");
        }
        return List.copyOf(all.subList(start, end + 1));
    }

    /** Drops everything, e.g. when the worker closes, so that the memory goes back at once. */
    public synchronized void clear() {
        packets.clear();
        bytes = 0;
    }

    /** Key-frame packets currently buffered, oldest first (for health figures and tests). */
    public synchronized List<EncodedPacket> keyFrames() {
        return packets.stream().filter(EncodedPacket::key).toList();
    }
}
