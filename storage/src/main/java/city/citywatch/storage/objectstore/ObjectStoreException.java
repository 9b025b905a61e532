package city.citywatch.storage.objectstore;

import city.citywatch.storage.StorageException;

/** The object store refused or could not be reached; the message names the endpoint, bucket and key. */
public class ObjectStoreException extends StorageException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
