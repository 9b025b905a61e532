package city.citywatch.ingest.onvif;

import city.citywatch.ingest.testing.OnvifCameraSimulator;
import city.citywatch.ingest.testing.OnvifVideos;
import city.citywatch.ingest.testing.PrivateNetwork;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static city.citywatch.ingest.testing.PrivateNetwork.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WS-Discovery against simulated devices. The multicast probe runs only inside a private network namespace (a child
 * JVM there); the directed probe is unicast to 127.0.0.1 and runs on the normal stack.
 */
class WsDiscoveryTest {
    private static final Path VIDEOS = Path.of("target", "test-videos");

    @Test
    void multicastProbeListsEveryDeviceOnceWithAddressAndScopes() throws Exception {
        String file = OnvifVideos.sub(VIDEOS).toAbsolutePath().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = PrivateNetwork.startSimulator("a", 8554, List.of("/a=" + file),
                "--onvif 3801 --onvif-discovery --onvif-name " + q("Gate 7") + " --onvif-location " + q("Haidian/Zhongguancun"))
                + PrivateNetwork.startSimulator("b", 8555, List.of("/b=" + file), "--onvif 3802 --onvif-discovery --onvif-name Bridge")
                + java + " -cp " + q(System.getProperty("java.class.path")) + " " + WsDiscoveryProbeMain.class.getName() + " 2000; "
                + "kill $(jobs -p) 2>/dev/null; true";
        PrivateNetwork.Result r = PrivateNetwork.run(script, 180);
        String out = r.output();
        assertThat(out).as(out).contains("PROBED 2");
        assertThat(out.lines().filter(l -> l.startsWith("DEVICE ")).toList()).as(out)
                .anySatisfy(l -> assertThat(l).contains("xaddrs=[http://127.0.0.1:3801/onvif/device_service]")
                        .contains("name=Gate 7").contains("location=Haidian/Zhongguancun").contains("hardware=SimCam-1-HW")
                        .contains("dn:NetworkVideoTransmitter").startsWith("DEVICE urn:uuid:"))
                .anySatisfy(l -> assertThat(l).contains("xaddrs=[http://127.0.0.1:3802/onvif/device_service]").contains("name=Bridge"));
    }

    @Test
    void directedProbeReachesOneKnownAddressWithoutMulticast() throws Exception {
        int port = OnvifCameraSimulator.freePort();
        try (OnvifCameraSimulator sim = OnvifCameraSimulator.start(Map.of("/a", OnvifVideos.sub(VIDEOS)),
                List.of("--onvif-discovery-port", Integer.toString(port), "--onvif-name", "Lab cam"))) {
            List<DiscoveredDevice> found = WsDiscovery.probe(new InetSocketAddress("127.0.0.1", port), Duration.ofMillis(1500));
            assertThat(found).singleElement().satisfies(d -> {
                assertThat(d.xaddrs()).containsExactly(sim.deviceService());
                assertThat(d.name()).isEqualTo("Lab cam");
                assertThat(d.endpoint()).startsWith("urn:uuid:");
            });
        }
    }

    @Test
    void answersToOtherProbesAndMalformedScopesAreHandled() throws Exception {
        byte[] answer = """
                <?xml version="1.0"?><e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"
                 xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">
                <e:Header><a:RelatesTo>urn:uuid:mine</a:RelatesTo></e:Header><e:Body><d:ProbeMatches><d:ProbeMatch>
                <a:EndpointReference><a:Address>urn:uuid:cam-1</a:Address></a:EndpointReference>
                <d:Types>tdn:NetworkVideoTransmitter</d:Types>
                <d:Scopes>onvif://www.onvif.org/name/North%20Gate onvif://www.onvif.org/Profile/Streaming</d:Scopes>
                <d:XAddrs>http://10.0.0.5/onvif/device_service http://[fe80::1]/onvif/device_service</d:XAddrs>
                </d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>""".getBytes(StandardCharsets.UTF_8);
        assertThat(WsDiscovery.parseMatches(answer, "urn:uuid:other")).isEmpty();
        assertThat(WsDiscovery.parseMatches(answer, "urn:uuid:mine")).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("North Gate");
            assertThat(d.location()).isNull();
            assertThat(d.xaddrs()).containsExactly(URI.create("http://10.0.0.5/onvif/device_service"),
                    URI.create("http://[fe80::1]/onvif/device_service"));
        });
    }
}
