package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;

import java.net.URI;

/**
 * Where evidence is stored: an S3-compatible endpoint (MinIO in production, {@link EmbeddedS3Server} by
 * default) and the bucket. Checked when built, so a bad setting fails at start-up, naming the field.
 *
 * @param endpoint base URL, http or https, no path (e.g. {@code http://minio:9000})
 * @param region   the bucket's region; signatures include it (default {@value #DEFAULT_REGION})
 * @param publicEndpoint the address browsers and police clients reach the store at, when it differs from the
 *                       node's own (e.g. {@code https://evidence.city.gov} vs {@code http://minio:9000}); signed
 *                       URLs are made for it, because the host is part of the signature. Null = {@code endpoint}.
 */
public record ObjectStoreSettings(URI endpoint, String accessKey, String secretKey, String bucket, String region,
                                  URI publicEndpoint) {
    public static final String DEFAULT_REGION = "us-east-1";
    /** S3 bucket naming rules, without the rarely-met exceptions (IP-address-like names). */
    private static final String BUCKET_PATTERN = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

    public ObjectStoreSettings {
        if (endpoint == null) throw new ValidationException("endpoint", "is required");
        String scheme = endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ValidationException("endpoint", "scheme must be http or https, got '" + endpoint + "'");
        }
        if (endpoint.getHost() == null) throw new ValidationException("endpoint", "has no host: '" + endpoint + "'");
        if (endpoint.getPath() != null && !endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/")) {
            throw new ValidationException("endpoint", "must have no path (the bucket is a separate setting), got '" + endpoint + "'");
        }
        if (accessKey == null || accessKey.isBlank()) throw new ValidationException("accessKey", "is required");
        if (secretKey == null || secretKey.isBlank()) throw new ValidationException("secretKey", "is required");
        if (bucket == null || !bucket.matches(BUCKET_PATTERN) || bucket.contains("..")) {
            throw new ValidationException("bucket", "must be 3 to 63 lower-case letters, digits, '.' or '-', starting and "
                    + "ending with a letter or digit, got '" + bucket + "'");
        }
        if (region == null || region.isBlank()) region = DEFAULT_REGION;
        if (publicEndpoint != null) {
            if (!"http".equals(publicEndpoint.getScheme()) && !"https".equals(publicEndpoint.getScheme())
                    || publicEndpoint.getHost() == null) {
                throw new ValidationException("publicEndpoint", "must be an http(s) URL with a host, got '" + publicEndpoint + "'");
            }
        }
    }

    public ObjectStoreSettings(URI endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, accessKey, secretKey, bucket, region, null);
    }

    /** Keeps the secret key out of logs and exception messages. */
    @Override
    public String toString() {
        return "ObjectStoreSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=****, bucket="
                + bucket + ", region=" + region + (publicEndpoint == null ? "" : ", publicEndpoint=" + publicEndpoint) + "]";
    }
}
