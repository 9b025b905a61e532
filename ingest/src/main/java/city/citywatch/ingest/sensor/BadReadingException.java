package city.citywatch.ingest.sensor;

/** A payload that is not a reading of its sensor; the message says why, in terms a gauge's integrator can fix. */
public final class BadReadingException extends Exception {
    public BadReadingException(String reason) {
        super(reason);
    }
}
