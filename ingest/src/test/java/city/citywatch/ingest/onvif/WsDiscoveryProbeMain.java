package city.citywatch.ingest.onvif;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Runs one WS-Discovery probe and prints one line per device, for tests that must probe inside a private network
 * namespace (a child JVM started there). Arguments: wait in ms, optionally host:port for a directed probe.
 */
public final class WsDiscoveryProbeMain {
    private WsDiscoveryProbeMain() {
    }

    public static void main(String[] args) {
        Duration wait = Duration.ofMillis(Long.parseLong(args[0]));
        var devices = args.length > 1
                ? WsDiscovery.probe(new InetSocketAddress(args[1].split(":")[0], Integer.parseInt(args[1].split(":")[1])), wait)
                : WsDiscovery.probe(wait);
        for (DiscoveredDevice d : devices) {
            System.out.println("DEVICE " + d.endpoint() + " xaddrs=" + d.xaddrs() + " name=" + d.name()
                    + " location=" + d.location() + " hardware=" + d.hardware() + " types=" + d.types());
        }
        System.out.println("PROBED " + devices.size());
    }
}
