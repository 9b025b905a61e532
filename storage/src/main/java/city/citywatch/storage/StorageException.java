package city.citywatch.storage;

/** The database or object store failed an operation; the message names the operation and the cause. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
