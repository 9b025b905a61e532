package city.citywatch.ingest.onvif;

import java.net.URI;
import java.util.List;

/**
 * A device that answered a WS-Discovery probe.
 *
 * @param endpoint its stable identity ({@code urn:uuid:...}); the same device on a new address keeps it
 * @param xaddrs   its device service addresses (one per network interface)
 * @param name     from the {@code onvif://www.onvif.org/name/...} scope, null if none (same for location, hardware)
 */
public record DiscoveredDevice(String endpoint, List<URI> xaddrs, List<String> types, List<String> scopes,
                               String name, String location, String hardware) {
    public DiscoveredDevice {
        xaddrs = List.copyOf(xaddrs);
        types = List.copyOf(types);
        scopes = List.copyOf(scopes);
    }
}
