package city.citywatch.api.http;

import city.citywatch.ingest.onvif.OnvifSettings;
import city.citywatch.storage.camera.CameraRepository;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.objectstore.ObjectStore;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import java.util.Objects;

/**
 * Everything the HTTP API talks to. The API owns none of it: the application opens these before
 * deploying the verticle and closes them after undeploying it.
 */
public record HttpApiDependencies(CameraRepository cameras, EventRepository events, ObjectStore objectStore,
                                  CameraRuntime cameraRuntime, PrometheusMeterRegistry meterRegistry,
                                  HealthSource health, HttpSettings settings, OnvifSettings onvif) {
    public HttpApiDependencies {
        Objects.requireNonNull(cameras, "cameras");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(objectStore, "objectStore");
        Objects.requireNonNull(cameraRuntime, "cameraRuntime");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(settings, "settings");
        if (onvif == null) onvif = OnvifSettings.defaults();
    }

    /** With the default ONVIF timeouts. */
    public HttpApiDependencies(CameraRepository cameras, EventRepository events, ObjectStore objectStore,
                               CameraRuntime cameraRuntime, PrometheusMeterRegistry meterRegistry, HealthSource health,
                               HttpSettings settings) {
        this(cameras, events, objectStore, cameraRuntime, meterRegistry, health, settings, OnvifSettings.defaults());
    }
}
