package city.citywatch.ingest.onvif;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Profile S session with one device: SOAP 1.2 over HTTP (the JDK's HttpClient) with WS-Security UsernameToken
 * digests dated in the device's clock, and HTTP Digest when the device answers 401. Blocking: call it from a
 * worker thread, never an event loop. Not thread-safe (it remembers the clock offset, the services and the
 * digest challenge of its device); one per onboarding.
 *
 * <p>Every failure is an {@link OnvifException} naming the step (the ONVIF operation) and the device as
 * host:port; the password never appears in messages or logs.
 */
public final class OnvifClient {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifClient.class);
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final java.util.Set<String> MEDIA_OPERATIONS = java.util.Set.of("GetProfiles", "GetStreamUri", "GetSnapshotUri");

    private final HttpClient http;
    private final URI deviceService;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final Clock clock;
    private final String device;
    private Duration clockOffset;
    private DeviceServices services;
    private HttpDigest httpDigest;

    /**
     * @param http          shared client (it owns connection pools); its connect timeout should be the settings' one
     * @param deviceService the device service address, e.g. {@code http://10.0.0.5/onvif/device_service}
     * @param username      null for a device without authentication
     */
    public OnvifClient(HttpClient http, URI deviceService, String username, String password, OnvifSettings settings) {
        this(http, deviceService, username, password, settings, Clock.systemUTC());
    }

    OnvifClient(HttpClient http, URI deviceService, String username, String password, OnvifSettings settings, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.deviceService = checkAddress(deviceService);
        this.username = username == null || username.isEmpty() ? null : username;
        this.password = password == null ? "" : password;
        this.timeout = settings.requestTimeout();
        this.clock = clock;
        this.device = hostPort(deviceService);
    }

    /** An HttpClient suited to ONVIF devices: HTTP/1.1 (cameras speak nothing else), bounded connect. */
    public static HttpClient httpClient(OnvifSettings settings) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static URI checkAddress(URI uri) {
        Objects.requireNonNull(uri, "deviceService");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("device address must be an http(s) URL with a host, e.g. "
                    + "http://10.0.0.5/onvif/device_service; got '" + hostPart(uri) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("device address must not carry credentials; give username and password separately");
        }
        return uri;
    }

    private static String hostPart(URI uri) {
        return uri.getScheme() + "://" + (uri.getHost() == null ? "" : hostPort(uri)) + "/...";
    }

    static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** Device clock minus ours (known after {@link #getSystemDateAndTime()}; zero before). */
    public Duration clockOffset() {
        return clockOffset == null ? Duration.ZERO : clockOffset;
    }

    /** Reads the device's UTC clock (no authentication needed) and remembers its offset for digests. */
    public Instant getSystemDateAndTime() {
        String step = "GetSystemDateAndTime";
        Document doc = call(step, deviceService, "<tds:GetSystemDateAndTime/>", false);
        Element utc = Soap.first(doc, Soap.TT, "UTCDateTime").orElseThrow(() -> bad(step, "no UTCDateTime in the answer"));
        try {
            LocalDateTime t = LocalDateTime.of(intOf(utc, "Year"), intOf(utc, "Month"), intOf(utc, "Day"),
                    intOf(utc, "Hour"), intOf(utc, "Minute"), intOf(utc, "Second"));
            Instant deviceNow = t.toInstant(ZoneOffset.UTC);
            clockOffset = Duration.between(clock.instant(), deviceNow);
            if (clockOffset.abs().compareTo(Duration.ofMinutes(1)) > 0) {
                LOG.info("ONVIF device {}: clock is {} s off ours; digests are dated in device time", device, clockOffset.toSeconds());
            }
            return deviceNow;
        } catch (RuntimeException e) {
            throw bad(step, "UTCDateTime is not a valid date and time: " + e.getMessage());
        }
    }

    public DeviceInformation getDeviceInformation() {
        String step = "GetDeviceInformation";
        Document doc = call(step, deviceService, "<tds:GetDeviceInformation/>", true);
        Element r = Soap.first(doc, Soap.TDS, "GetDeviceInformationResponse").orElseThrow(() -> bad(step, "no GetDeviceInformationResponse"));
        return new DeviceInformation(Soap.textOf(r, Soap.TDS, "Manufacturer").orElse(null),
                Soap.textOf(r, Soap.TDS, "Model").orElse(null), Soap.textOf(r, Soap.TDS, "FirmwareVersion").orElse(null),
                Soap.textOf(r, Soap.TDS, "SerialNumber").orElse(null), Soap.textOf(r, Soap.TDS, "HardwareId").orElse(null));
    }

    /**
     * The media service address: from GetCapabilities (every Profile S device), else from GetServices (newer
     * devices that dropped GetCapabilities).
     */
    public DeviceServices getServices() {
        if (services != null) return services;
        try {
            Document doc = call("GetCapabilities", deviceService,
                    "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>", true);
            URI media = Soap.first(doc, Soap.TT, "Media").flatMap(m -> Soap.textOf(m, Soap.TT, "XAddr"))
                    .map(s -> uri("GetCapabilities", s)).orElseThrow(() -> bad("GetCapabilities", "the device lists no Media service"));
            services = new DeviceServices(deviceService, media);
        } catch (OnvifException e) {
            if (e.kind() != OnvifException.Kind.FAULT) throw e;
            Document doc = call("GetServices", deviceService,
                    "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>", true);
            URI media = null;
            for (Element s : Soap.all(doc, Soap.TDS, "Service")) {
                if (Soap.TRT.equals(Soap.textOf(s, Soap.TDS, "Namespace").orElse(null))) {
                    media = Soap.textOf(s, Soap.TDS, "XAddr").map(x -> uri("GetServices", x)).orElse(null);
                }
            }
            if (media == null) throw bad("GetServices", "the device lists no Media service (" + Soap.TRT + ")");
            services = new DeviceServices(deviceService, media);
        }
        return services;
    }

    public List<MediaProfile> getProfiles() {
        String step = "GetProfiles";
        Document doc = call(step, getServices().media(), "<trt:GetProfiles/>", true);
        List<MediaProfile> profiles = new ArrayList<>();
        for (Element p : Soap.all(doc, Soap.TRT, "Profiles")) {
            String token = p.getAttribute("token");
            if (token.isBlank()) throw bad(step, "a profile has no token");
            Element encoder = Soap.children(p, Soap.TT, "VideoEncoderConfiguration").stream().findFirst().orElse(null);
            String encoding = null;
            int width = 0, height = 0, fps = 0;
            if (encoder != null) {
                encoding = Soap.textOf(encoder, Soap.TT, "Encoding").orElse(null);
                width = Soap.textOf(encoder, Soap.TT, "Width").map(Integer::parseInt).orElse(0);
                height = Soap.textOf(encoder, Soap.TT, "Height").map(Integer::parseInt).orElse(0);
                fps = Soap.textOf(encoder, Soap.TT, "FrameRateLimit").map(Integer::parseInt).orElse(0);
            }
            String name = Soap.children(p, Soap.TT, "Name").stream().findFirst().map(e -> e.getTextContent().trim()).orElse(token);
            profiles.add(new MediaProfile(token, name, encoding, width, height, fps));
        }
        if (profiles.isEmpty()) throw bad(step, "the device has no media profile");
        return profiles;
    }

    /** The RTSP address of a profile's stream, RTP over RTSP over TCP (interleaved: passes NAT and firewalls). */
    public URI getStreamUri(String profileToken) {
        String step = "GetStreamUri";
        Document doc = call(step, getServices().media(), """
                <trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport>\
                <tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>\
                <trt:ProfileToken>%s</trt:ProfileToken></trt:GetStreamUri>""".formatted(Soap.text(profileToken)), true);
        URI uri = mediaUri(step, doc);
        if (!"rtsp".equals(uri.getScheme()) && !"rtsps".equals(uri.getScheme())) {
            throw bad(step, "stream address is not rtsp/rtsps: scheme '" + uri.getScheme() + "'");
        }
        return uri;
    }

    public URI getSnapshotUri(String profileToken) {
        String step = "GetSnapshotUri";
        Document doc = call(step, getServices().media(),
                "<trt:GetSnapshotUri><trt:ProfileToken>%s</trt:ProfileToken></trt:GetSnapshotUri>".formatted(Soap.text(profileToken)), true);
        return mediaUri(step, doc);
    }

    private URI mediaUri(String step, Document doc) {
        return Soap.first(doc, Soap.TRT, "MediaUri").flatMap(m -> Soap.textOf(m, Soap.TT, "Uri"))
                .map(s -> uri(step, s)).orElseThrow(() -> bad(step, "no MediaUri/Uri in the answer"));
    }

    private URI uri(String step, String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw bad(step, "the device answered an invalid address: " + e.getReason());
        }
    }

    /** One SOAP call. {@code authenticate}: add a UsernameToken (after learning the clock offset). */
    private Document call(String step, URI url, String body, boolean authenticate) {
        UsernameToken token = null;
        if (authenticate && username != null) {
            if (clockOffset == null) getSystemDateAndTime();
            token = UsernameToken.create(username, password, clock.instant().plus(clockOffset));
        }
        byte[] envelope = Soap.envelope(token, body).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post(step, url, envelope, httpDigest);
        if (response.statusCode() == 401 && username != null) {
            HttpDigest challenge = HttpDigest.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
            if (challenge == null) {
                throw new OnvifException(step, OnvifException.Kind.NOT_AUTHORIZED, step + " failed: device " + device
                        + " refused with HTTP 401 and offers no Digest authentication");
            }
            httpDigest = challenge;
            response = post(step, url, envelope, httpDigest);
        }
        return answer(step, response);
    }

    private HttpResponse<byte[]> post(String step, URI url, byte[] envelope, HttpDigest digest) {
        // SOAP 1.2 carries the action in the content type; some devices route on it
        String action = (MEDIA_OPERATIONS.contains(step) ? Soap.TRT : Soap.TDS) + "/" + step;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + action + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
        if (digest != null) {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
            request.header("Authorization", digest.authorization("POST", path, username, password));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.build(), BoundedBody.handler(MAX_RESPONSE_BYTES));
        try {
            // the request timeout only covers the wait for the headers; this bounds the body too (a device that
            // stalls mid-answer must not hold the caller's thread)
            return exchange.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new OnvifException(step, OnvifException.Kind.TIMEOUT, "device " + hostPort(url) + " did not answer "
                    + step + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failure(step, url, e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new OnvifException(step, OnvifException.Kind.TIMEOUT, step + " interrupted");
        }
    }

    private OnvifException failure(String step, URI url, Throwable cause) {
        try {
            throw cause;
        } catch (BoundedBody.TooLargeException e) {
            return bad(step, "answer larger than " + MAX_RESPONSE_BYTES + " bytes");
        } catch (HttpConnectTimeoutException e) {
            return new OnvifException(step, OnvifException.Kind.UNREACHABLE, "device " + hostPort(url) + " unreachable at "
                    + step + ": no connection within " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new OnvifException(step, OnvifException.Kind.TIMEOUT, "device " + hostPort(url) + " did not answer "
                    + step + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new OnvifException(step, OnvifException.Kind.UNREACHABLE, "device " + hostPort(url) + " unreachable at "
                    + step + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            return new OnvifException(step, OnvifException.Kind.UNREACHABLE, "device " + hostPort(url) + " unreachable at "
                    + step + ": " + e);
        } catch (Throwable e) {
            return new OnvifException(step, OnvifException.Kind.BAD_RESPONSE, step + " failed: device " + hostPort(url) + ": " + e);
        }
    }

    private Document answer(String step, HttpResponse<byte[]> response) {
        Document doc;
        try {
            doc = Soap.parse(response.body());
        } catch (SAXException e) {
            if (response.statusCode() == 401) {
                throw new OnvifException(step, OnvifException.Kind.NOT_AUTHORIZED, step + " failed: device " + device
                        + " refused the credentials (HTTP 401)");
            }
            throw bad(step, "HTTP " + response.statusCode() + " with a body that is not XML");
        }
        Element fault = Soap.first(doc, Soap.ENV, "Fault").orElse(null);
        if (fault != null) {
            String code = Soap.faultCode(fault);
            OnvifException.Kind kind = code.equals("ter:NotAuthorized") ? OnvifException.Kind.NOT_AUTHORIZED : OnvifException.Kind.FAULT;
            throw new OnvifException(step, kind, step + " failed: SOAP fault " + code + " (" + Soap.faultReason(fault) + ")");
        }
        if (response.statusCode() == 401) {
            throw new OnvifException(step, OnvifException.Kind.NOT_AUTHORIZED, step + " failed: device " + device
                    + " refused the credentials (HTTP 401)");
        }
        if (response.statusCode() / 100 != 2) throw bad(step, "HTTP " + response.statusCode());
        if (Soap.first(doc, Soap.ENV, "Body").isEmpty()) throw bad(step, "the answer is not a SOAP 1.2 envelope");
        return doc;
    }

    private OnvifException bad(String step, String detail) {
        return new OnvifException(step, OnvifException.Kind.BAD_RESPONSE, step + " failed: device " + device + ": " + detail);
    }

    private static int intOf(Element parent, String local) {
        return Integer.parseInt(Soap.textOf(parent, Soap.TT, local).orElseThrow(() -> new IllegalArgumentException("no " + local)));
    }
}
