package city.citywatch.api.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sign-in, bearer tokens and API keys, and every way a credential can be wrong: a clear 401, never a stack trace. */
class AuthApiTest extends OneApiPerClass {

    @Test
    void signInAnswersAShortLivedTokenThatNamesTheUser() throws Exception {
        Instant asked = Instant.now();
        HttpResponse<String> r = api.send("POST", "/api/v1/auth/token",
                "{\"username\":\"officer\",\"password\":\"officer-pass\"}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        contract.assertConforms("signIn", r);
        JsonObject body = json(r);
        assertThat(Duration.between(asked, Instant.parse(body.getString("expiresAt"))).toMinutes()).isCloseTo(60L, within(1L));
        assertThat(body.getJsonObject("user").getJsonArray("roles").getList()).containsExactly("officer");

        HttpResponse<String> me = api.send("GET", "/api/v1/auth/me", null, Map.of("Authorization", "Bearer " + body.getString("token")));
        assertThat(me.statusCode()).isEqualTo(200);
        contract.assertConforms("getMe", me);
        assertThat(json(me).getString("username")).isEqualTo("officer");
        assertThat(json(me).getString("displayName")).isEqualTo("Test officer");
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSameRefusal() throws Exception {
        for (String body : new String[]{"{\"username\":\"officer\",\"password\":\"guess\"}",
                "{\"username\":\"nobody\",\"password\":\"officer-pass\"}"}) {
            HttpResponse<String> r = api.send("POST", "/api/v1/auth/token", body, Map.of());
            assertThat(r.statusCode()).isEqualTo(401);
            contract.assertConforms("signIn", r);
            assertThat(error(r).getString("code")).isEqualTo("invalid_credentials");
            assertThat(error(r).getString("message")).isEqualTo("unknown user or wrong password");
        }
        HttpResponse<String> missing = api.send("POST", "/api/v1/auth/token", "{\"username\":\"officer\"}", Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing).getString("message")).contains("password");
        HttpResponse<String> huge = api.send("POST", "/api/v1/auth/token",
                "{\"username\":\"officer\",\"password\":\"" + "x".repeat(5000) + "\"}", Map.of());
        assertThat(huge.statusCode()).isEqualTo(400);
    }

    @Test
    void repeatedFailedSignInsLockTheNameForAWhile() throws Exception {
        String wrong = "{\"username\":\"police\",\"password\":\"guess\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(api.send("POST", "/api/v1/auth/token", wrong, Map.of()).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = api.send("POST", "/api/v1/auth/token",
                "{\"username\":\"police\",\"password\":\"police-pass\"}", Map.of());
        assertThat(locked.statusCode()).as("even the right password waits").isEqualTo(429);
        contract.assertConforms("signIn", locked);
        assertThat(error(locked).getString("code")).isEqualTo("too_many_attempts");
        assertThat(error(locked).getString("message")).contains("try again after");
        // other names are not affected
        assertThat(api.send("POST", "/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"admin-pass\"}",
                Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void badTamperedAndExpiredTokensAreRefusedWithAReason() throws Exception {
        String token = api.token("admin", "admin-pass");
        String[] parts = token.split("\\.");
        // the payload claims another user: the signature no longer matches
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"admin\"", "\"police\"").getBytes()) + "." + parts[2];
        String unsigned = parts[0].replace(parts[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())) + "." + parts[1] + ".";
        JWTAuth sameKey = JWTAuth.create(api.vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(ApiFixture.TEST_AUTH.jwtSecret())));
        String expired = sameKey.generateToken(new JsonObject().put("exp", Instant.now().minusSeconds(60).getEpochSecond())
                .put("iat", Instant.now().minusSeconds(3600).getEpochSecond()),
                new JWTOptions().setIssuer("citywatch").setSubject("admin").setNoTimestamp(true));
        JWTAuth otherKey = JWTAuth.create(api.vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer("another-secret-another-secret-another-secret")));
        String foreign = otherKey.generateToken(new JsonObject(), new JWTOptions().setIssuer("citywatch").setSubject("admin"));
        String wrongIssuer = sameKey.generateToken(new JsonObject(), new JWTOptions().setIssuer("evil").setSubject("admin"));
        String ghost = sameKey.generateToken(new JsonObject(), new JWTOptions().setIssuer("citywatch").setSubject("ghost"));

        Map<String, String> cases = Map.of(
                "garbage", "not-a-jwt", "forged", forged, "unsigned", unsigned, "expired", expired,
                "foreign", foreign, "wrongIssuer", wrongIssuer, "ghost", ghost);
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = api.send("GET", "/api/v1/events", null, Map.of("Authorization", "Bearer " + c.getValue()));
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(401);
            contract.assertConforms("listEvents", r);
            assertThat(error(r).getString("code")).as(c.getKey()).isEqualTo("unauthorized");
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(c.getKey()).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(r.body()).as(c.getKey()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        HttpResponse<String> expiredAnswer = api.send("GET", "/api/v1/events", null, Map.of("Authorization", "Bearer " + expired));
        assertThat(error(expiredAnswer).getString("message")).contains("expired");

        HttpResponse<String> basic = api.send("GET", "/api/v1/events", null, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(error(basic).getString("message")).contains("Bearer");
        HttpResponse<String> badKey = api.send("GET", "/api/v1/events", null, Map.of("X-Api-Key", "test-key-nope"));
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(error(badKey).getString("message")).contains("API key");
        // HTTP/1.1 explicitly: over an h2c upgrade an oversized header ends in a stream reset instead of a status
        HttpResponse<String> longToken = api.http.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/events"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + "a".repeat(9000)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(longToken.statusCode()).isIn(400, 401, 431);
        HttpResponse<String> nearLimit = api.send("GET", "/api/v1/events", null, Map.of("Authorization", "Bearer " + "a".repeat(6000)));
        assertThat(nearLimit.statusCode()).isEqualTo(401);
        // a query token is accepted only where the contract says so (the WebSocket, pictures for <img>)
        HttpResponse<String> queryToken = api.send("GET", "/api/v1/events?token=" + token, null, Map.of());
        assertThat(queryToken.statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousCallersLearnNothingAboutParameters() throws Exception {
        HttpResponse<String> r = api.send("GET", "/api/v1/events?kind=nonsense&bogus=1", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        HttpResponse<String> body = api.send("POST", "/api/v1/cameras", "{not json", Map.of());
        assertThat(body.statusCode()).isEqualTo(401);
    }

    @Test
    void publicOperationsNeedNoCredentials() throws Exception {
        assertThat(api.send("GET", "/api/v1/openapi.yaml", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/health", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/metrics", null, Map.of()).statusCode()).isEqualTo(200);
    }
}
