package city.citywatch.ingest.onvif;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDigestTest {
    /** RFC 2617 §3.5, the worked example ("Mufasa" / "Circle Of Life"): response 6629fae49393a05397450978507c4ef1. */
    @Test
    void responseMatchesTheRfc2617Example() {
        HttpDigest digest = HttpDigest.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        String header = digest.authorization("GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b");
        assertThat(header).contains("response=\"6629fae49393a05397450978507c4ef1\"")
                .contains("nc=00000001").contains("qop=auth,").contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
                .doesNotContain("Circle Of Life");
    }

    @Test
    void nonDigestOrUnsupportedChallengesAreNotTaken() {
        assertThat(HttpDigest.parse("Basic realm=\"cam\"")).isNull();
        assertThat(HttpDigest.parse("Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-512-256")).isNull();
        assertThat(HttpDigest.parse(null)).isNull();
    }
}
