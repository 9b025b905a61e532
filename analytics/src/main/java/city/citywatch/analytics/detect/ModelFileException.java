package city.citywatch.analytics.detect;

/** A model cannot be used: unknown name, weight file missing, wrong hash, unreadable labels, load failure. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
