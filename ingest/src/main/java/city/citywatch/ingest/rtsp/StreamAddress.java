package city.citywatch.ingest.rtsp;

import city.citywatch.core.validation.ValidationException;

import java.net.URI;

/** A camera's stream URL, checked, with a printable form that never shows credentials. */
public record StreamAddress(URI uri) {
    public StreamAddress {
        if (uri == null) throw new ValidationException("streamUri", "is required");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("rtsp") || scheme.equals("rtsps"))) {
            throw new ValidationException("streamUri", "scheme must be rtsp or rtsps, got '" + redact(uri) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ValidationException("streamUri", "has no host: '" + redact(uri) + "'");
        }
    }

    /** scheme://host[:port]/path, without user, password or query (which may hold a token). */
    public String redacted() {
        return redact(uri);
    }

    private static String redact(URI uri) {
        StringBuilder s = new StringBuilder();
        if (uri.getScheme() != null) s.append(uri.getScheme()).append("://");
        if (uri.getHost() != null) s.append(uri.getHost());
        if (uri.getPort() >= 0) s.append(':').append(uri.getPort());
        if (uri.getRawPath() != null) s.append(uri.getRawPath());
        if (uri.getHost() == null && s.isEmpty()) s.append(uri.getScheme() == null ? "(no scheme)" : "");
        return s.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
