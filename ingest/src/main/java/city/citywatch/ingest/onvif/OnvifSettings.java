package city.citywatch.ingest.onvif;

import city.citywatch.core.validation.ValidationException;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How long CityWatch waits on ONVIF devices. Constructed only valid; field names in messages are the
 * configuration keys under {@code onvif}.
 *
 * @param requestTimeout bounds connecting to a device and each SOAP call, so a dead device fails one step
 *                       quickly instead of holding an API thread
 * @param discoveryWait  how long a WS-Discovery probe collects answers (devices answer after a random delay
 *                       of up to 500 ms, slow networks later)
 * @param discoveryTarget where probes go: the WS-Discovery multicast group (default), or one address for directed
 *                        probes (a known device or relay; tests use it to stay off multicast)
 */
public record OnvifSettings(Duration requestTimeout, Duration discoveryWait, InetSocketAddress discoveryTarget) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DISCOVERY_WAIT = Duration.ofSeconds(3);
    public static final Duration MAX_DISCOVERY_WAIT = Duration.ofSeconds(30);

    public OnvifSettings {
        if (requestTimeout == null || requestTimeout.toMillis() < 100 || requestTimeout.toSeconds() > 120) {
            throw new ValidationException("onvif.requestTimeoutMillis", "must be 100..120000 ms, got "
                    + (requestTimeout == null ? "none" : requestTimeout.toMillis() + " ms"));
        }
        if (discoveryWait == null || discoveryWait.toMillis() < 100 || discoveryWait.compareTo(MAX_DISCOVERY_WAIT) > 0) {
            throw new ValidationException("onvif.discoveryWaitMillis", "must be 100..30000 ms, got "
                    + (discoveryWait == null ? "none" : discoveryWait.toMillis() + " ms"));
        }
        if (discoveryTarget == null) discoveryTarget = WsDiscovery.MULTICAST;
    }

    public OnvifSettings(Duration requestTimeout, Duration discoveryWait) {
        this(requestTimeout, discoveryWait, WsDiscovery.MULTICAST);
    }

    public static OnvifSettings defaults() {
        return new OnvifSettings(DEFAULT_REQUEST_TIMEOUT, DEFAULT_DISCOVERY_WAIT);
    }

    public OnvifSettings withDiscoveryWait(Duration wait) {
        return new OnvifSettings(requestTimeout, wait, discoveryTarget);
    }

    public OnvifSettings withDiscoveryTarget(InetSocketAddress target) {
        return new OnvifSettings(requestTimeout, discoveryWait, target);
    }
}
