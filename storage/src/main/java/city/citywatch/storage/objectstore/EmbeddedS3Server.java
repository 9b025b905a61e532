package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default object store: S3Proxy serving the S3 API (with real SigV4 authentication) from a
 * directory, one sub-directory per bucket. Clients use it through the MinIO SDK exactly as they use MinIO,
 * so there is one code path. Listens on 127.0.0.1 only.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3Server(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * @param dir  where objects are kept (created if missing); survives restarts
     * @param port TCP port on 127.0.0.1; 0 picks a free one (see {@link #endpoint()})
     */
    public static EmbeddedS3Server start(Path dir, int port, String accessKey, String secretKey) {
        if (port < 0 || port > 65535) throw new ValidationException("port", "must be 0..65535, got " + port);
        if (accessKey == null || accessKey.isBlank()) throw new ValidationException("accessKey", "is required");
        if (secretKey == null || secretKey.isBlank()) throw new ValidationException("secretKey", "is required");
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store directory " + root, e);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("cannot start the embedded S3 server on 127.0.0.1:" + port
                    + (port == 0 ? "" : " (is the port taken?)") + ": " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        LOG.info("Embedded S3 server at {} serving {}", endpoint, root);
        return new EmbeddedS3Server(proxy, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the embedded S3 server failed: {}", e.toString());
        }
    }
}
