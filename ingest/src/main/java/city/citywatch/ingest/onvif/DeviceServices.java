package city.citywatch.ingest.onvif;

import java.net.URI;

/** Where a device's services answer (GetCapabilities or GetServices). */
public record DeviceServices(URI device, URI media) {
}
