package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The evidence bucket of an S3-compatible store (MinIO, or {@link EmbeddedS3Server}), through the MinIO
 * Java SDK. Thread-safe. Calls block on the network: keep them off event loops. Every failure comes out as
 * {@link ObjectStoreException} naming what was being done.
 */
public final class ObjectStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    /** The longest validity SigV4 allows for a presigned URL. */
    public static final Duration MAX_URL_TTL = Duration.ofDays(7);
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[\\w!#$&^.+-]+/[\\w!#$&^.+-]+(\\s*;.*)?");
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    private static final long TRANSFER_TIMEOUT_MS = 60_000;

    private final ObjectStoreSettings settings;
    private final MinioClient client;
    /** Signs URLs for the public address; signing is local, so this client never connects anywhere. */
    private final MinioClient signer;

    public ObjectStore(ObjectStoreSettings settings) {
        this.settings = settings;
        this.client = client(settings.endpoint(), settings);
        this.signer = settings.publicEndpoint() == null ? client : client(settings.publicEndpoint(), settings);
        // Short connect timeout: an unreachable store must be noticed quickly so that uploads back off
        // and wait in the spool instead of holding a thread for the SDK's default minutes.
        client.setTimeout(CONNECT_TIMEOUT_MS, TRANSFER_TIMEOUT_MS, TRANSFER_TIMEOUT_MS);
    }

    private static MinioClient client(URI endpoint, ObjectStoreSettings settings) {
        // The region is given, so the SDK never asks the store for it (presigning stays offline).
        return MinioClient.builder()
                .endpoint(endpoint.toString())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
    }

    public ObjectStoreSettings settings() {
        return settings;
    }

    /** Creates the bucket if it does not exist yet. */
    public void ensureBucket() {
        call("ensure bucket", null, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
                LOG.info("Created bucket '{}' at {}", settings.bucket(), settings.endpoint());
            }
            return null;
        });
    }

    public void put(String key, Path file, String contentType) {
        checkKey(key);
        String type = contentType(contentType);
        if (file == null || !Files.isRegularFile(file)) throw new ValidationException("file", "is not a readable file: " + file);
        call("upload " + file + " to", key, () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(settings.bucket()).object(key).filename(file.toString()).contentType(type).build()));
    }

    public void put(String key, byte[] data, String contentType) {
        put(key, new ByteArrayInputStream(data), data.length, contentType);
    }

    /** Uploads exactly {@code size} bytes from {@code in}; the caller closes {@code in}. */
    public void put(String key, InputStream in, long size, String contentType) {
        checkKey(key);
        String type = contentType(contentType);
        if (size < 0) throw new ValidationException("size", "must be >= 0, got " + size);
        call("upload to", key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(settings.bucket()).object(key).stream(in, size, -1).contentType(type).build()));
    }

    public boolean exists(String key) {
        checkKey(key);
        return call("look up", key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) return false;
                throw e;
            }
        });
    }

    /** The object's bytes; for tests and tools (evidence is read by clients through {@link #presignedGet}). */
    public byte[] get(String key) {
        checkKey(key);
        return call("download", key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    public void delete(String key) {
        checkKey(key);
        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    /**
     * A URL that lets its holder GET the object for {@code ttl} (whole seconds, 1 s to 7 days), signed
     * locally: no request is made, and the object need not exist yet.
     */
    public SignedUrl presignedGet(String key, Duration ttl) {
        checkKey(key);
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_URL_TTL) > 0) {
            throw new ValidationException("ttl", "must be between 1 second and 7 days, got " + ttl);
        }
        int seconds = (int) ttl.toSeconds();
        // Signed at whole seconds (X-Amz-Date); the expiry is reported from the same second, never later.
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String url = call("sign a URL for", key, () -> signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(settings.bucket()).object(key).expiry(seconds).build()));
        return new SignedUrl(url, signedAt.plusSeconds(seconds));
    }

    static void checkKey(String key) {
        if (key == null || key.isBlank()) throw new ValidationException("key", "is required");
        if (key.startsWith("/")) throw new ValidationException("key", "must not start with '/', got '" + key + "'");
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new ValidationException("key", "must be at most 1024 bytes long, got " + key.length() + " characters");
        }
    }

    /** Null or blank means application/octet-stream; anything else must be a media type (RFC 2045). */
    static String contentType(String contentType) {
        if (contentType == null || contentType.isBlank()) return "application/octet-stream";
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw new ValidationException("contentType", "must be a media type such as image/jpeg or video/mp4, got '"
                    + contentType + "'");
        }
        return contentType;
    }

    private <T> T call(String what, String key, StoreCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            String target = settings.endpoint() + "/" + settings.bucket() + (key == null ? "" : "/" + key);
            String reason = e instanceof ErrorResponseException er
                    ? er.errorResponse().code() + ": " + er.errorResponse().message()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new ObjectStoreException("cannot " + what + " " + target + " (" + reason + ")", e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("Closing the object store client for {} failed: {}", settings.endpoint(), e.toString());
        }
    }
}
