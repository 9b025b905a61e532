package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link EvidenceUploader} spools and retries.
 *
 * @param spoolDir       where evidence waits until the store confirmed it; keep it on a disk that survives
 *                       restarts, and off tmpfs
 * @param initialBackoff first wait after a failed upload; doubled on each further failure
 * @param maxBackoff     longest wait between attempts while the store stays down
 */
public record UploaderSettings(Path spoolDir, Duration initialBackoff, Duration maxBackoff) {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public UploaderSettings {
        if (spoolDir == null) throw new ValidationException("spoolDir", "is required");
        if (initialBackoff == null) initialBackoff = DEFAULT_INITIAL_BACKOFF;
        if (maxBackoff == null) maxBackoff = DEFAULT_MAX_BACKOFF;
        if (initialBackoff.toMillis() < 1) throw new ValidationException("initialBackoff", "must be >= 1 ms, got " + initialBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationException("maxBackoff", "must be >= initialBackoff (" + initialBackoff + "), got " + maxBackoff);
        }
    }

    public static UploaderSettings of(Path spoolDir) {
        return new UploaderSettings(spoolDir, null, null);
    }
}
