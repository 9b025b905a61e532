package city.citywatch.storage.event;

import city.citywatch.core.validation.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset position in the event list: the (startedAt, id) of the last event of a page. Opaque to clients
 * (base64url), so its format can change without breaking them.
 */
record EventCursor(Instant startedAt, UUID id) {
    private static final String VERSION = "1";

    String encode() {
        String plain = VERSION + "|" + startedAt.getEpochSecond() + "|" + startedAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static EventCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) throw new IllegalArgumentException("unknown layout");
            Instant t = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            return new EventCursor(t, UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor this server issued (pass the 'next' value of "
                    + "the previous page unchanged), got '" + abbreviate(cursor) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
