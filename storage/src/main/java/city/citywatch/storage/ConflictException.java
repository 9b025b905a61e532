package city.citywatch.storage;

/**
 * The request is well-formed but clashes with what is stored (an event already resolved, an id taken).
 * Nothing was written. The API answers it with 409.
 */
public class ConflictException extends StorageException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
