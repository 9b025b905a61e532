package city.citywatch.storage;

/** Something with this identity is already stored (a camera id, the same event change twice). Nothing was written. */
public class DuplicateKeyException extends ConflictException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
