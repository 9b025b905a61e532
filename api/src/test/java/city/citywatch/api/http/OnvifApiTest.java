package city.citywatch.api.http;

import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.ingest.testing.OnvifCameraSimulator;
import city.citywatch.ingest.testing.OnvifVideos;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static city.citywatch.api.http.ApiFixture.error;
import static city.citywatch.api.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ONVIF endpoints against the simulated device of the camera simulator (real SOAP over HTTP, the device checks
 * WS-Security digests). Discovery is pointed at the simulator's directed-probe port, so no multicast leaves this
 * test (the multicast path is tested inside a private network namespace by the ingest module's WsDiscoveryTest).
 */
class OnvifApiTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static ContractConformance contract;
    static OnvifCameraSimulator device;

    @BeforeAll
    static void start() throws Exception {
        Path videos = Path.of("target", "test-videos");
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put("/main", OnvifVideos.main(videos));
        mounts.put("/sub", OnvifVideos.sub(videos));
        int discoveryPort = OnvifCameraSimulator.freePort();
        device = OnvifCameraSimulator.start(mounts, List.of("--onvif-user", "admin", "--onvif-password", "s3cret",
                "--onvif-name", "Gate 7", "--onvif-location", "Haidian", "--onvif-discovery-port", Integer.toString(discoveryPort)));
        api = ApiFixture.start(dir, new OnvifSettings(Duration.ofSeconds(3), Duration.ofMillis(800),
                new InetSocketAddress("127.0.0.1", discoveryPort)));
        contract = new ContractConformance(api.vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) api.close();
        if (device != null) device.close();
    }

    @BeforeEach
    void clean() {
        for (var c : api.cameras.list()) api.cameras.delete(c.id());
        api.runtime.added.clear();
    }

    private static String body(String id, String password, String extra) {
        return """
                {"id": "%s", "name": "Gate 7", "address": "%s", "username": "admin", "password": "%s",
                 "location": {"lat": 39.98, "lon": 116.31, "address": "Haidian"},
                 "zones": [{"id": "kerb", "kind": "no_parking", "polygon": [[0.1,0.5],[0.9,0.5],[0.9,0.9],[0.1,0.9]]}]%s}"""
                .formatted(id, device.deviceService(), password, extra);
    }

    @Test
    void discoveryListsTheDeviceWithItsAddressAndScopes() throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/onvif/discovery", "{\"waitMillis\": 1000}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        contract.assertConforms("discoverOnvifDevices", r);
        JsonObject d = json(r).getJsonArray("devices").getJsonObject(0);
        assertThat(json(r).getJsonArray("devices")).hasSize(1);
        assertThat(d.getJsonArray("xaddrs").getString(0)).isEqualTo(device.deviceService().toString());
        assertThat(d.getString("name")).isEqualTo("Gate 7");
        assertThat(d.getString("location")).isEqualTo("Haidian");
        assertThat(d.getString("endpoint")).startsWith("urn:uuid:");

        HttpResponse<String> bad = api.postJson("/api/v1/onvif/discovery", "{\"waitMillis\": 60000}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(error(bad).getString("message")).contains("waitMillis");
    }

    @Test
    void cameraFromOnvifRecordsTheMainProfileAndAnalysesTheSubStream() throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/cameras/onvif", body("gate-7", "s3cret", ""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        contract.assertConforms("createCameraFromOnvif", r);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/cameras/gate-7");
        JsonObject b = json(r);
        assertThat(b.getString("mainProfile")).isEqualTo("profile_0");
        assertThat(b.getString("analysisProfile")).isEqualTo("profile_1");
        assertThat(b.getJsonObject("device").getString("model")).isEqualTo("SimCam-1");
        JsonObject camera = b.getJsonObject("camera");
        assertThat(camera.getString("streamUri")).isEqualTo(device.rtsp("/main").replace("rtsp://", "rtsp://admin:***@"));
        assertThat(camera.getString("analysisStreamUri")).isEqualTo(device.rtsp("/sub").replace("rtsp://", "rtsp://admin:***@"));
        assertThat(r.body()).doesNotContain("s3cret");

        var stored = api.cameras.find("gate-7").orElseThrow();
        assertThat(stored.streamUri().toString()).isEqualTo(device.rtsp("/main").replace("rtsp://", "rtsp://admin:s3cret@"));
        assertThat(stored.analysisStreamUri().getRawPath()).isEqualTo("/sub");
        assertThat(stored.zones()).hasSize(1);
        assertThat(api.runtime.added).containsExactly("gate-7");

        HttpResponse<String> got = api.get("/api/v1/cameras/gate-7");
        contract.assertConforms("getCamera", got);
        assertThat(json(got)).isEqualTo(camera);

        HttpResponse<String> again = api.postJson("/api/v1/cameras/onvif", body("gate-7", "s3cret", ""));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again).getString("code")).isEqualTo("duplicate");
    }

    @Test
    void namedProfilesAreUsedAndAnUnknownOneIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/cameras/onvif",
                body("gate-sub", "s3cret", ", \"mainProfile\": \"profile_1\", \"analysisProfile\": \"profile_1\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).getString("analysisProfile")).isNull();
        assertThat(json(r).getJsonObject("camera").getString("analysisStreamUri")).isNull();

        HttpResponse<String> bad = api.postJson("/api/v1/cameras/onvif", body("gate-x", "s3cret", ", \"analysisProfile\": \"hd\""));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(error(bad).getString("field")).isEqualTo("analysisProfile");
        assertThat(error(bad).getString("message")).contains("'hd'").contains("profile_0");
        assertThat(api.cameras.find("gate-x")).isEmpty();
    }

    @Test
    void wrongPasswordIs502NamingTheStepAndNothingIsStored() throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/cameras/onvif", body("gate-8", "guess", ""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        contract.assertConforms("createCameraFromOnvif", r);
        assertThat(error(r).getString("code")).isEqualTo("onvif_not_authorized");
        assertThat(error(r).getString("message")).startsWith("GetDeviceInformation failed: SOAP fault ter:NotAuthorized");
        assertThat(r.body()).doesNotContain("guess");
        assertThat(api.cameras.find("gate-8")).isEmpty();
        assertThat(api.runtime.added).isEmpty();
    }

    @Test
    void unreachableDeviceIs504NamingTheAddressAndStep() throws Exception {
        int closed = OnvifCameraSimulator.freePort();
        HttpResponse<String> r = api.postJson("/api/v1/cameras/onvif", """
                {"id": "gone", "address": "http://127.0.0.1:%d/onvif/device_service", "username": "admin", "password": "pw"}"""
                .formatted(closed));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        contract.assertConforms("createCameraFromOnvif", r);
        assertThat(error(r).getString("code")).isEqualTo("onvif_unreachable");
        assertThat(error(r).getString("message")).startsWith("device 127.0.0.1:" + closed + " unreachable at GetSystemDateAndTime");
    }

    @Test
    void badAddressesAreRefusedBeforeAnyDeviceIsContacted() throws Exception {
        HttpResponse<String> rtsp = api.postJson("/api/v1/cameras/onvif", "{\"id\": \"c\", \"address\": \"rtsp://10.0.0.5/x\"}");
        assertThat(rtsp.statusCode()).isEqualTo(400);
        assertThat(error(rtsp).getString("field")).isEqualTo("address");
        HttpResponse<String> creds = api.postJson("/api/v1/cameras/onvif", "{\"id\": \"c\", \"address\": \"http://a:b@10.0.0.5/onvif\"}");
        assertThat(creds.statusCode()).isEqualTo(400);
        assertThat(error(creds).getString("message")).contains("credentials").doesNotContain("a:b");
        HttpResponse<String> extra = api.postJson("/api/v1/cameras/onvif", "{\"id\": \"c\", \"address\": \"http://h/\", \"pass\": 1}");
        assertThat(extra.statusCode()).isEqualTo(400);
    }
}
