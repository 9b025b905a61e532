package city.citywatch.ingest.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * WS-Security UsernameToken with a password digest (OASIS UsernameToken Profile 1.0, ONVIF Core 5.12.2):
 * {@code PasswordDigest = Base64(SHA-1(nonce + created + password))}, where nonce is the raw bytes (sent Base64
 * encoded) and created the exact UTC timestamp text that is sent. {@code created} must be in the device's
 * clock, which is why the client first reads it with GetSystemDateAndTime.
 *
 * @param nonce   the raw nonce bytes
 * @param created the timestamp text exactly as sent, e.g. {@code 2026-11-21T12:00:00Z}
 * @param digest  Base64 of the SHA-1 digest
 */
public record UsernameToken(String username, byte[] nonce, String created, String digest) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh token dated {@code deviceNow} (the device's clock, not ours). */
    public static UsernameToken create(String username, String password, Instant deviceNow) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = DateTimeFormatter.ISO_INSTANT.format(deviceNow.truncatedTo(ChronoUnit.SECONDS));
        return new UsernameToken(username, nonce, created, digest(nonce, created, password));
    }

    public static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    public String nonceBase64() {
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Keeps the digest (a replayable credential for its lifetime) out of logs. */
    @Override
    public String toString() {
        return "UsernameToken[username=" + username + ", created=" + created + "]";
    }
}
