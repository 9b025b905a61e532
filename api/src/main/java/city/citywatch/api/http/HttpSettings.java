package city.citywatch.api.http;

import city.citywatch.core.validation.ValidationException;

import java.time.Duration;

/**
 * How the HTTP API listens and what it accepts.
 *
 * @param port             0 picks a free port (tests); the bound port is reported after start
 * @param maxBodyBytes     larger request bodies are refused with 413 before they are read
 * @param signedUrlTtl     lifetime of the signed clip and snapshot URLs
 * @param blockingThreads  threads for database and object-store calls
 * @param blockingQueue    calls waiting for those threads before new requests get 503
 */
public record HttpSettings(String host, int port, long maxBodyBytes, Duration signedUrlTtl,
                           int blockingThreads, int blockingQueue) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_SIGNED_URL_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_BLOCKING_THREADS = 8;
    public static final int DEFAULT_BLOCKING_QUEUE = 256;

    public HttpSettings {
        if (host == null || host.isBlank()) throw new ValidationException("http.host", "is required");
        if (port < 0 || port > 65535) throw new ValidationException("http.port", "must be 0..65535, got " + port);
        if (maxBodyBytes < 1024) {
            throw new ValidationException("http.maxBodyBytes", "must be at least 1024, got " + maxBodyBytes);
        }
        if (signedUrlTtl == null) signedUrlTtl = DEFAULT_SIGNED_URL_TTL;
        // S3 presigned URLs are valid for at most 7 days.
        if (signedUrlTtl.compareTo(Duration.ofSeconds(1)) < 0 || signedUrlTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new ValidationException("http.signedUrlTtl", "must be between 1 second and 7 days, got " + signedUrlTtl);
        }
        if (blockingThreads < 1 || blockingThreads > 256) {
            throw new ValidationException("http.blockingThreads", "must be 1..256, got " + blockingThreads);
        }
        if (blockingQueue < 1 || blockingQueue > 100_000) {
            throw new ValidationException("http.blockingQueue", "must be 1..100000, got " + blockingQueue);
        }
    }

    /** The defaults: 1 MiB bodies, 5-minute signed URLs. */
    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_SIGNED_URL_TTL,
                DEFAULT_BLOCKING_THREADS, DEFAULT_BLOCKING_QUEUE);
    }

    public HttpSettings withMaxBodyBytes(long bytes) {
        return new HttpSettings(host, port, bytes, signedUrlTtl, blockingThreads, blockingQueue);
    }

    public HttpSettings withSignedUrlTtl(Duration ttl) {
        return new HttpSettings(host, port, maxBodyBytes, ttl, blockingThreads, blockingQueue);
    }
}
