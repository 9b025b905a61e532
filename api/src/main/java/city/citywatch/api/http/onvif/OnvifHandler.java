package city.citywatch.api.http.onvif;

import city.citywatch.api.http.BlockingPool;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.api.http.Requests;
import city.citywatch.api.http.Responses;
import city.citywatch.api.http.Routes;
import city.citywatch.api.http.camera.CameraAdmission;
import city.citywatch.api.http.camera.CameraHandler;
import city.citywatch.api.http.camera.CameraJson;
import city.citywatch.api.http.error.ApiException;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Zone;
import city.citywatch.ingest.onvif.CameraStreams;
import city.citywatch.ingest.onvif.DiscoveredDevice;
import city.citywatch.ingest.onvif.MediaProfile;
import city.citywatch.ingest.onvif.OnvifClient;
import city.citywatch.ingest.onvif.OnvifException;
import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.ingest.onvif.StreamLookup;
import city.citywatch.ingest.onvif.WsDiscovery;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.camera.CameraRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * ONVIF onboarding: WS-Discovery of devices, and a camera created from a device's address and login (profiles and
 * stream addresses looked up, main stream recorded, sub-stream analysed). Every device call blocks (HTTP, UDP
 * waits), so all of it runs on the {@link BlockingPool}; ONVIF failures become 502/504 naming the failed step.
 */
public final class OnvifHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifHandler.class);

    private final Vertx vertx;
    private final BlockingPool pool;
    private final CameraRepository cameras;
    private final CameraRuntime runtime;
    private final OnvifSettings settings;
    private final HttpClient http;

    public OnvifHandler(Vertx vertx, BlockingPool pool, CameraRepository cameras, CameraRuntime runtime, OnvifSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.cameras = cameras;
        this.runtime = runtime;
        this.settings = settings;
        this.http = OnvifClient.httpClient(settings);
    }

    public void mount(Routes routes) {
        routes.on("discoverOnvifDevices", this::discover);
        routes.on("createCameraFromOnvif", this::createCamera);
    }

    private void discover(RoutingContext rc) {
        RequestParameter body = Requests.validated(rc).getBody();
        Integer waitMillis = body == null || body.isNull() ? null : body.getJsonObject().getInteger("waitMillis");
        Duration wait = waitMillis == null ? settings.discoveryWait() : Duration.ofMillis(waitMillis);
        pool.run(vertx, () -> WsDiscovery.probe(settings.discoveryTarget(), wait)).onSuccess(devices -> {
            LOG.info("WS-Discovery: {} device(s) answered within {} ms", devices.size(), wait.toMillis());
            JsonArray items = new JsonArray();
            for (DiscoveredDevice d : devices) items.add(toJson(d));
            Responses.json(rc, 200, new JsonObject().put("devices", items));
        }).onFailure(rc::fail);
    }

    private void createCamera(RoutingContext rc) {
        JsonObject body = Requests.jsonBody(rc);
        String id = body.getString("id");
        if (id == null || !id.matches(Camera.ID_PATTERN)) {
            throw new ValidationException("id", "must match " + Camera.ID_PATTERN + ", got '" + id + "'");
        }
        URI address = deviceAddress(body.getString("address"));
        GeoLocation location = CameraJson.locationOf(body);
        List<Zone> zones = CameraJson.zonesOf(id, body);
        String username = body.getString("username");
        String password = body.getString("password");
        String mainProfile = body.getString("mainProfile");
        String analysisProfile = body.getString("analysisProfile");
        String device = address.getHost() + (address.getPort() >= 0 ? ":" + address.getPort() : "");
        pool.run(vertx, () -> {
            // refuse a taken id before spending a device round trip on it; the insert below still guards races
            if (cameras.find(id).isPresent()) throw new DuplicateKeyException("camera '" + id + "' already exists", null);
            CameraStreams streams = lookup(address, username, password, mainProfile, analysisProfile);
            Camera camera = new Camera(id, body.getString("name"), streams.mainStreamUri(), location, zones,
                    streams.analysisStreamUri());
            CameraAdmission.admit(cameras, runtime, camera);
            return new Created(camera, streams);
        }).onSuccess(created -> {
            LOG.info("Camera '{}' created from ONVIF device {} ({} {}): recording profile {}, analysing {}", id, device,
                    created.streams().device().manufacturer(), created.streams().device().model(),
                    created.streams().mainProfile().token(),
                    created.streams().analysisProfile() == null ? "the main stream" : created.streams().analysisProfile().token());
            rc.response().putHeader("Location", CameraHandler.BASE_PATH + "/" + id);
            Responses.json(rc, 201, toJson(created));
        }).onFailure(rc::fail);
    }

    private record Created(Camera camera, CameraStreams streams) {
    }

    private CameraStreams lookup(URI address, String username, String password, String mainProfile, String analysisProfile) {
        OnvifClient client = new OnvifClient(http, address, username, password, settings);
        try {
            return StreamLookup.lookup(client, mainProfile, analysisProfile, username, password, true);
        } catch (OnvifException e) {
            LOG.warn("ONVIF onboarding failed: {}", e.getMessage());
            throw switch (e.kind()) {
                case UNREACHABLE, TIMEOUT -> new ApiException(504, "onvif_unreachable", e.getMessage(), "address");
                case NOT_AUTHORIZED -> new ApiException(502, "onvif_not_authorized", e.getMessage(), "password");
                case FAULT, BAD_RESPONSE -> new ApiException(502, "onvif_failed", e.getMessage(), null);
            };
        } catch (IllegalArgumentException e) {
            // a profile token the device does not have; the message names the field
            String field = e.getMessage().startsWith("analysisProfile") ? "analysisProfile" : "mainProfile";
            throw ApiException.invalid(field, e.getMessage().substring(field.length() + 2));
        }
    }

    private static URI deviceAddress(String s) {
        if (s == null || s.isBlank()) throw new ValidationException("address", "is required");
        URI uri;
        try {
            uri = new URI(s.trim());
        } catch (URISyntaxException e) {
            throw new ValidationException("address", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ValidationException("address", "must be the device service URL, e.g. http://10.0.0.5/onvif/device_service");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ValidationException("address", "must not contain credentials; give username and password");
        }
        return uri;
    }

    private static JsonObject toJson(DiscoveredDevice d) {
        JsonArray xaddrs = new JsonArray();
        d.xaddrs().forEach(x -> xaddrs.add(x.toString()));
        return new JsonObject().put("endpoint", d.endpoint()).put("xaddrs", xaddrs).put("name", d.name())
                .put("location", d.location()).put("hardware", d.hardware())
                .put("types", new JsonArray(d.types())).put("scopes", new JsonArray(d.scopes()));
    }

    private static JsonObject toJson(Created c) {
        CameraStreams s = c.streams();
        JsonArray profiles = new JsonArray();
        for (MediaProfile p : s.profiles()) {
            profiles.add(new JsonObject().put("token", p.token()).put("name", p.name()).put("encoding", p.encoding())
                    .put("width", p.width()).put("height", p.height()));
        }
        return new JsonObject()
                .put("camera", CameraJson.toJson(c.camera()))
                .put("device", new JsonObject().put("manufacturer", s.device().manufacturer()).put("model", s.device().model())
                        .put("firmwareVersion", s.device().firmwareVersion()).put("serialNumber", s.device().serialNumber())
                        .put("hardwareId", s.device().hardwareId()).put("clockOffsetSeconds", s.clockOffset().toSeconds()))
                .put("profiles", profiles)
                .put("mainProfile", s.mainProfile().token())
                .put("analysisProfile", s.analysisProfile() == null ? null : s.analysisProfile().token())
                .put("snapshotUri", s.snapshotUri() == null ? null : s.snapshotUri().toString());
    }
}
