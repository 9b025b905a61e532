package city.citywatch.storage.objectstore;

import java.time.Instant;

/** A presigned GET URL: anyone holding it may read the object until {@code expiresAt}, nobody after. */
public record SignedUrl(String url, Instant expiresAt) {
}
