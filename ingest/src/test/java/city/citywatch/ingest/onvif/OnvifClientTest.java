package city.citywatch.ingest.onvif;

import city.citywatch.ingest.testing.OnvifCameraSimulator;
import city.citywatch.ingest.testing.OnvifVideos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's ONVIF client against the simulated device of the camera simulator (real HTTP, real SOAP, the
 * device checks digests itself). The device's clock is an hour ahead, so WS-Security only passes when the client
 * dates its tokens in device time.
 */
class OnvifClientTest {
    private static final OnvifSettings SETTINGS = new OnvifSettings(Duration.ofSeconds(5), Duration.ofSeconds(1));
    private static final HttpClient HTTP = OnvifClient.httpClient(SETTINGS);
    private static OnvifCameraSimulator wsse;
    private static OnvifCameraSimulator httpDigest;

    @BeforeAll
    static void startDevices() throws Exception {
        Path videos = Path.of("target", "test-videos");
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put("/sub", OnvifVideos.sub(videos)); // listed first on purpose: the client must pick by size
        mounts.put("/main", OnvifVideos.main(videos));
        wsse = OnvifCameraSimulator.start(mounts, List.of("--onvif-user", "admin", "--onvif-password", "s3cret!",
                "--onvif-clock-offset", "3600", "--onvif-name", "Main St / 5th", "--onvif-location", "Haidian"));
        httpDigest = OnvifCameraSimulator.start(mounts, List.of("--onvif-user", "admin", "--onvif-password", "s3cret!",
                "--onvif-auth", "http-digest"));
    }

    @AfterAll
    static void stopDevices() throws Exception {
        if (wsse != null) wsse.close();
        if (httpDigest != null) httpDigest.close();
    }

    private static OnvifClient client(OnvifCameraSimulator device, String password) {
        return new OnvifClient(HTTP, device.deviceService(), "admin", password, SETTINGS);
    }

    @Test
    void everyProfileSCallAnswersWithWsSecurityDigestsInDeviceTime() throws Exception {
        OnvifClient client = client(wsse, "s3cret!");
        Instant deviceNow = client.getSystemDateAndTime();
        assertThat(Duration.between(Instant.now(), deviceNow).toSeconds()).isBetween(3590L, 3610L);
        assertThat(client.clockOffset().toSeconds()).isBetween(3590L, 3610L);

        DeviceInformation info = client.getDeviceInformation();
        assertThat(info.manufacturer()).isEqualTo("CityWatch");
        assertThat(info.model()).isEqualTo("SimCam-1");
        assertThat(info.serialNumber()).startsWith("SIM-");

        DeviceServices services = client.getServices();
        assertThat(services.media()).hasPath("/onvif/media_service");

        List<MediaProfile> profiles = client.getProfiles();
        assertThat(profiles).extracting(MediaProfile::token).containsExactly("profile_0", "profile_1");
        assertThat(profiles.get(0)).extracting(MediaProfile::width, MediaProfile::height, MediaProfile::encoding)
                .containsExactly(640, 540, "H264");
        assertThat(profiles.get(1)).extracting(MediaProfile::width, MediaProfile::height).containsExactly(320, 270);

        assertThat(client.getStreamUri("profile_0")).isEqualTo(URI.create(wsse.rtsp("/main")));
        assertThat(client.getStreamUri("profile_1")).isEqualTo(URI.create(wsse.rtsp("/sub")));

        URI snapshot = client.getSnapshotUri("profile_0");
        HttpResponse<byte[]> jpeg = HTTP.send(HttpRequest.newBuilder(snapshot).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8); // JPEG start-of-image
    }

    @Test
    void lookupPicksTheBiggestProfileForRecordingAndTheSubStreamForAnalysis() {
        CameraStreams streams = StreamLookup.lookup(client(wsse, "s3cret!"), null, null, "admin", "s3cret!", true);
        assertThat(streams.mainProfile().token()).isEqualTo("profile_0");
        assertThat(streams.analysisProfile().token()).isEqualTo("profile_1");
        assertThat(streams.mainStreamUri().toString()).isEqualTo(wsse.rtsp("/main").replace("rtsp://", "rtsp://admin:s3cret%21@"));
        assertThat(streams.analysisStreamUri().getRawPath()).isEqualTo("/sub");
        assertThat(streams.snapshotUri()).isNotNull();
        assertThat(streams.toString()).doesNotContain("s3cret");

        CameraStreams named = StreamLookup.lookup(client(wsse, "s3cret!"), "profile_1", "profile_1", "admin", "s3cret!", false);
        assertThat(named.mainStreamUri()).isEqualTo(URI.create(wsse.rtsp("/sub")));
        assertThat(named.analysisProfile()).isNull(); // the same profile twice: analysis decodes the main stream

        assertThatThrownBy(() -> StreamLookup.lookup(client(wsse, "s3cret!"), "nope", null, "admin", "s3cret!", false))
                .hasMessageContaining("mainProfile").hasMessageContaining("nope").hasMessageContaining("profile_0");
    }

    @Test
    void wrongPasswordIsASoapFaultNamingTheStepAndNeverThePassword() {
        OnvifClient client = client(wsse, "wrong-password");
        client.getSystemDateAndTime(); // needs no authentication
        assertThatThrownBy(client::getDeviceInformation)
                .isInstanceOfSatisfying(OnvifException.class, e -> {
                    assertThat(e.kind()).isEqualTo(OnvifException.Kind.NOT_AUTHORIZED);
                    assertThat(e.step()).isEqualTo("GetDeviceInformation");
                })
                .hasMessageStartingWith("GetDeviceInformation failed: SOAP fault ter:NotAuthorized")
                .hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> client.getStreamUri("profile_0"))
                .hasMessageStartingWith("GetCapabilities failed: SOAP fault ter:NotAuthorized");
    }

    @Test
    void unknownProfileTokenIsTheDevicesFault() {
        assertThatThrownBy(() -> client(wsse, "s3cret!").getStreamUri("no-such-profile"))
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.FAULT))
                .hasMessageStartingWith("GetStreamUri failed: SOAP fault ter:InvalidArgVal");
    }

    @Test
    void httpDigestIsUsedWhenTheDeviceAnswers401() {
        OnvifClient client = client(httpDigest, "s3cret!");
        assertThat(client.getDeviceInformation().model()).isEqualTo("SimCam-1");
        assertThat(client.getStreamUri("profile_1")).isEqualTo(URI.create(httpDigest.rtsp("/sub")));

        assertThatThrownBy(() -> client(httpDigest, "wrong").getDeviceInformation())
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.NOT_AUTHORIZED))
                .hasMessageContaining("GetSystemDateAndTime failed").hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void unreachableDeviceNamesItsAddressAndTheFirstStep() throws Exception {
        int closed = OnvifCameraSimulator.freePort(); // nothing listens there
        OnvifClient client = new OnvifClient(HTTP, URI.create("http://127.0.0.1:" + closed + "/onvif/device_service"),
                "admin", "s3cret!", SETTINGS);
        assertThatThrownBy(client::getDeviceInformation)
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.UNREACHABLE))
                .hasMessageStartingWith("device 127.0.0.1:" + closed + " unreachable at GetSystemDateAndTime")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void silentDeviceTimesOutAndANonSoapAnswerIsNamedAsSuch() throws Exception {
        OnvifSettings quick = new OnvifSettings(Duration.ofMillis(800), Duration.ofSeconds(1));
        // accepts connections (the kernel's backlog does) but never answers: a hung device
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            OnvifClient client = new OnvifClient(OnvifClient.httpClient(quick),
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/onvif/device_service"), "admin", "pw", quick);
            assertThatThrownBy(client::getSystemDateAndTime)
                    .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.TIMEOUT))
                    .hasMessage("device 127.0.0.1:" + silent.getLocalPort() + " did not answer GetSystemDateAndTime within 800 ms");
        }
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body>router login</body>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            OnvifClient client = new OnvifClient(HTTP, URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/"),
                    "admin", "pw", SETTINGS);
            assertThatThrownBy(client::getSystemDateAndTime)
                    .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.BAD_RESPONSE))
                    .hasMessageStartingWith("GetSystemDateAndTime failed: device 127.0.0.1:" + web.getAddress().getPort());
            // a device that streams an endless answer is cut off, not buffered
            web.createContext("/endless", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                byte[] junk = new byte[64 * 1024];
                try (var out = exchange.getResponseBody()) {
                    for (int i = 0; i < 1024; i++) out.write(junk); // 64 MiB, far above the limit
                } catch (java.io.IOException e) {
                    // the client hung up, as it should
                }
            });
            OnvifClient endless = new OnvifClient(HTTP, URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/endless"),
                    "admin", "pw", SETTINGS);
            assertThatThrownBy(endless::getSystemDateAndTime)
                    .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind()).isEqualTo(OnvifException.Kind.BAD_RESPONSE))
                    .hasMessageContaining("answer larger than");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void addressesWithCredentialsOrWithoutHttpAreRefused() {
        assertThatThrownBy(() -> new OnvifClient(HTTP, URI.create("http://admin:pw@10.0.0.5/onvif/device_service"), "a", "b", SETTINGS))
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> new OnvifClient(HTTP, URI.create("rtsp://10.0.0.5/x"), "a", "b", SETTINGS))
                .hasMessageContaining("http(s) URL");
    }
}
