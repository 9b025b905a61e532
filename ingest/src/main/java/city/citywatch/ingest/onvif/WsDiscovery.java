package city.citywatch.ingest.onvif;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WS-Discovery (ONVIF Core 7.3) client: one Probe for {@code dn:NetworkVideoTransmitter} sent to the multicast
 * group 239.255.255.250:3702 (or, as a directed probe, to one known address), then ProbeMatches collected until the
 * wait is over. Answers are matched to this probe by RelatesTo and merged per device endpoint, so a device that
 * answers twice (two interfaces, a repeated probe) is listed once with all its addresses. Blocking for the wait.
 */
public final class WsDiscovery {
    public static final InetSocketAddress MULTICAST = new InetSocketAddress("239.255.255.250", 3702);
    private static final Logger LOG = LoggerFactory.getLogger(WsDiscovery.class);
    private static final String SCOPE_PREFIX = "onvif://www.onvif.org/";

    private WsDiscovery() {
    }

    /** Probes the local network by multicast. */
    public static List<DiscoveredDevice> probe(Duration wait) {
        return probe(MULTICAST, wait);
    }

    /** Probes {@code target}: the multicast group, or one device's address (a directed probe). */
    public static List<DiscoveredDevice> probe(InetSocketAddress target, Duration wait) {
        String messageId = "urn:uuid:" + UUID.randomUUID();
        byte[] probe = probeMessage(messageId).getBytes(StandardCharsets.UTF_8);
        Map<String, DiscoveredDevice> found = new LinkedHashMap<>();
        try (MulticastSocket socket = new MulticastSocket(0)) {
            socket.setTimeToLive(1); // WS-Discovery stays on the local link
            socket.send(new DatagramPacket(probe, probe.length, target));
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buffer = new byte[65_535];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
                try {
                    for (DiscoveredDevice d : parseMatches(data, messageId)) found.merge(d.endpoint(), d, WsDiscovery::merge);
                } catch (SAXException | RuntimeException e) {
                    LOG.debug("ignoring an unreadable WS-Discovery answer from {}: {}", packet.getSocketAddress(), e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("WS-Discovery probe to " + target + " could not be sent: " + e.getMessage(), e);
        }
        return List.copyOf(found.values());
    }

    static String probeMessage(String messageId) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <env:Envelope xmlns:env="%s" xmlns:wsa="%s" xmlns:wsd="%s" xmlns:dn="%s"><env:Header>\
                <wsa:MessageID>%s</wsa:MessageID><wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>\
                <wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action></env:Header>\
                <env:Body><wsd:Probe><wsd:Types>dn:NetworkVideoTransmitter</wsd:Types></wsd:Probe></env:Body>\
                </env:Envelope>""".formatted(Soap.ENV, Soap.WSA, Soap.WSD, Soap.DN, messageId);
    }

    /** The ProbeMatch entries of one answer to {@code messageId}; answers to other probes give none. */
    static List<DiscoveredDevice> parseMatches(byte[] xml, String messageId) throws SAXException {
        Document doc = Soap.parse(xml);
        String relatesTo = Soap.textOf(doc, Soap.WSA, "RelatesTo").orElse("");
        if (!relatesTo.equals(messageId)) return List.of();
        List<DiscoveredDevice> out = new ArrayList<>();
        for (Element match : Soap.all(doc, Soap.WSD, "ProbeMatch")) {
            String endpoint = Soap.first(match, Soap.WSA, "EndpointReference").flatMap(e -> Soap.textOf(e, Soap.WSA, "Address"))
                    .orElse(null);
            List<URI> xaddrs = new ArrayList<>();
            for (String x : words(Soap.textOf(match, Soap.WSD, "XAddrs").orElse(""))) {
                try {
                    xaddrs.add(URI.create(x));
                } catch (IllegalArgumentException e) {
                    LOG.debug("device {} announced an invalid XAddr '{}'", endpoint, x);
                }
            }
            if (endpoint == null && xaddrs.isEmpty()) continue;
            List<String> scopes = words(Soap.textOf(match, Soap.WSD, "Scopes").orElse(""));
            out.add(new DiscoveredDevice(endpoint != null ? endpoint : xaddrs.get(0).toString(), xaddrs,
                    words(Soap.textOf(match, Soap.WSD, "Types").orElse("")), scopes,
                    scope(scopes, "name"), scope(scopes, "location"), scope(scopes, "hardware")));
        }
        return out;
    }

    private static DiscoveredDevice merge(DiscoveredDevice a, DiscoveredDevice b) {
        List<URI> xaddrs = new ArrayList<>(a.xaddrs());
        b.xaddrs().stream().filter(x -> !xaddrs.contains(x)).forEach(xaddrs::add);
        return new DiscoveredDevice(a.endpoint(), xaddrs, a.types(), a.scopes(), a.name(), a.location(), a.hardware());
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** The value of an {@code onvif://www.onvif.org/<kind>/<value>} scope (URL-decoded), or null. */
    private static String scope(List<String> scopes, String kind) {
        String prefix = SCOPE_PREFIX + kind + "/";
        return scopes.stream().filter(s -> s.startsWith(prefix)).findFirst()
                .map(s -> URLDecoder.decode(s.substring(prefix.length()), StandardCharsets.UTF_8)).orElse(null);
    }
}
