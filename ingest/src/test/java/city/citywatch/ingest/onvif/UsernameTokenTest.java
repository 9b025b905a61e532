package city.citywatch.ingest.onvif;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class UsernameTokenTest {
    /**
     * The worked example of the ONVIF Application Programmer's Guide (ONVIF WG-APG, version 1.0, May 2011,
     * §6.1.1.3 "User authentication", https://www.onvif.org/wp-content/uploads/2016/12/ONVIF_WG-APG-Application_Programmers_Guide-1.pdf):
     * Nonce LKqI6G/AikKCQrN0zqZFlg==, Created 2010-09-16T07:50:45Z, Password userpassword →
     * PasswordDigest tuOSpGlFlIXsozq4HFNeeGeFLEI= (the formula is that of the OASIS WSS UsernameToken Profile 1.0, §3.1).
     */
    @Test
    void digestMatchesTheOnvifProgrammersGuideExample() {
        byte[] nonce = Base64.getDecoder().decode("LKqI6G/AikKCQrN0zqZFlg==");
        assertThat(UsernameToken.digest(nonce, "2010-09-16T07:50:45Z", "userpassword")).isEqualTo("tuOSpGlFlIXsozq4HFNeeGeFLEI=");
    }

    @Test
    void freshTokenIsDatedInTheGivenClockAndDigestsItsOwnNonce() {
        Instant deviceNow = Instant.parse("2031-02-03T04:05:06.789Z");
        UsernameToken a = UsernameToken.create("admin", "secret", deviceNow);
        UsernameToken b = UsernameToken.create("admin", "secret", deviceNow);
        assertThat(a.created()).isEqualTo("2031-02-03T04:05:06Z");
        assertThat(a.nonce()).hasSize(16).isNotEqualTo(b.nonce());
        assertThat(a.digest()).isEqualTo(UsernameToken.digest(Base64.getDecoder().decode(a.nonceBase64()), a.created(), "secret"));
        assertThat(a.toString()).doesNotContain(a.digest()).doesNotContain("secret");
    }
}
