package city.citywatch.ingest.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP Digest authentication (RFC 7616 with MD5 and {@code qop=auth}, the variant cameras implement) for devices
 * that answer 401 instead of checking WS-Security. The JDK's HttpClient only does Basic by itself. One instance
 * holds one challenge; its nonce is reused with a growing nonce count until the device sends a new one.
 */
final class HttpDigest {
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> challenge;
    private final AtomicInteger nonceCount = new AtomicInteger();

    private HttpDigest(Map<String, String> challenge) {
        this.challenge = challenge;
    }

    /** The challenge of a {@code WWW-Authenticate: Digest ...} header, or null if the header is not a Digest one. */
    static HttpDigest parse(String wwwAuthenticate) {
        if (wwwAuthenticate == null || !wwwAuthenticate.regionMatches(true, 0, "Digest ", 0, 7)) return null;
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(wwwAuthenticate.substring(7));
        while (m.find()) params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        String algorithm = params.getOrDefault("algorithm", "MD5");
        if (!params.containsKey("nonce") || !params.containsKey("realm") || !algorithm.equalsIgnoreCase("MD5")) return null;
        return new HttpDigest(params);
    }

    /** The {@code Authorization} header for one request. */
    String authorization(String method, String uri, String user, String password) {
        byte[] c = new byte[8];
        RANDOM.nextBytes(c);
        return authorization(method, uri, user, password, HexFormat.of().formatHex(c));
    }

    /** As above with a given client nonce (the RFC's worked example fixes it). */
    String authorization(String method, String uri, String user, String password, String cnonce) {
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder h = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", algorithm=MD5");
        String qop = challenge.get("qop");
        if (qop != null && Pattern.compile("(^|,)\\s*auth\\s*(,|$)").matcher(qop).find()) {
            String nc = String.format("%08x", nonceCount.incrementAndGet());
            h.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"')
                    .append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (challenge.containsKey("opaque")) h.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        return h.toString();
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
