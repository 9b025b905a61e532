package city.citywatch.core.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords and API keys as they are kept in the configuration: never in clear.
 * <p>
 * Passwords: {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (PBKDF2-HMAC-SHA256 from the JDK, a
 * random 16-byte salt, 32-byte hash). API keys are long random strings, so a plain {@code sha256:<hex>} of the key
 * suffices and is cheap to check on every request.
 */
public final class PasswordHash {
    public static final int DEFAULT_ITERATIONS = 310_000;
    /** Fewer iterations make brute force of a leaked config cheap; tests still use the minimum to stay fast. */
    public static final int MIN_ITERATIONS = 10_000;
    private static final Pattern PBKDF2 = Pattern.compile("pbkdf2-sha256\\$(\\d{1,9})\\$([A-Za-z0-9+/=]{8,})\\$([A-Za-z0-9+/=]{16,})");
    private static final Pattern SHA256 = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations, 32));
    }

    /** Why {@code stored} is not a usable password hash, or null if it is. */
    public static String problem(String stored) {
        if (stored == null) return "is required: pbkdf2-sha256$<iterations>$<salt>$<hash> (./citywatch hash-password prints one)";
        Matcher m = PBKDF2.matcher(stored);
        if (!m.matches()) return "must be pbkdf2-sha256$<iterations>$<salt>$<hash> (./citywatch hash-password prints one); a plain password is refused";
        long iterations = Long.parseLong(m.group(1));
        if (iterations < MIN_ITERATIONS) return "must use at least " + MIN_ITERATIONS + " iterations, got " + iterations;
        return null;
    }

    /** Constant-time check of {@code password} against a hash that passed {@link #problem}. */
    public static boolean verify(String password, String stored) {
        if (password == null || stored == null) return false;
        Matcher m = PBKDF2.matcher(stored);
        if (!m.matches()) return false;
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        byte[] expected = Base64.getDecoder().decode(m.group(3));
        byte[] actual = pbkdf2(password, salt, Integer.parseInt(m.group(1)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    public static String apiKeyHash(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Why {@code stored} is not a usable API key hash, or null if it is. */
    public static String apiKeyProblem(String stored) {
        if (stored == null) return "is required: sha256:<64 hex digits> of the key (./citywatch hash-api-key prints one)";
        return SHA256.matcher(stored).matches() ? null : "must be sha256:<64 lower-case hex digits> of the key; a plain key is refused";
    }

    public static boolean verifyApiKey(String key, String stored) {
        if (key == null || stored == null) return false;
        return MessageDigest.isEqual(apiKeyHash(key).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                stored.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A new random API key (URL-safe, 256 bits). */
    public static String newApiKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "cwk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
