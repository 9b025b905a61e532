package city.citywatch.storage;

/** The change refers to something that is not stored (an unknown camera or event). Nothing was written. */
public class NotFoundException extends StorageException {
    public NotFoundException(String message) {
        super(message);
    }
}
