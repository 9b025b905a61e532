package city.citywatch.ingest.buffer;

/** The packets a clip needs are not (or no longer) in the ring buffer. The message says which window and why. */
public class ClipWindowUnavailableException extends RuntimeException {
    public ClipWindowUnavailableException(String message) {
        super(message);
    }
}
