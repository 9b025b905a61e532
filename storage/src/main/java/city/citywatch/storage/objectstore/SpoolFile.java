package city.citywatch.storage.objectstore;

import city.citywatch.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Layout of one spooled upload: a one-line JSON header (key, content type, when submitted), a newline,
 * then the object's bytes. One file per upload, so that it appears in the spool by a single atomic rename
 * and is either wholly there or not at all.
 */
record SpoolFile(String key, String contentType, Instant submittedAt) {
    static final String SUFFIX = ".spool";
    private static final int MAX_HEADER = 8192;

    byte[] header() {
        try {
            return (Json.mapper().writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write spool header", e);
        }
    }

    /** Reads the header and leaves {@code in} at the first byte of the object. */
    static Header readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("spool file ends inside its header");
            if (line.size() >= MAX_HEADER) throw new IOException("spool header longer than " + MAX_HEADER + " bytes");
            line.write(b);
        }
        SpoolFile file;
        try {
            file = Json.mapper().readValue(line.toByteArray(), SpoolFile.class);
        } catch (JsonProcessingException e) {
            throw new IOException("spool header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (file.key() == null) throw new IOException("spool header has no key");
        return new Header(file, line.size() + 1);
    }

    record Header(SpoolFile file, int length) {
    }
}
