package city.citywatch.api.http.camera;

import city.citywatch.api.http.CameraRuntime;
import city.citywatch.core.camera.Camera;
import city.citywatch.storage.camera.CameraRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a camera the way every creating endpoint must (plain or from an ONVIF device): stored first, then handed to
 * the running ingest; if the runtime refuses it, the stored camera is removed again, so a refusal changes nothing.
 * Blocking: call it on the blocking pool.
 */
public final class CameraAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(CameraAdmission.class);

    private CameraAdmission() {
    }

    public static void admit(CameraRepository cameras, CameraRuntime runtime, Camera camera) {
        cameras.create(camera);
        try {
            runtime.cameraAdded(camera);
        } catch (RuntimeException e) {
            LOG.error("Camera '{}' was stored but the camera runtime refused it; removing it again", camera.id(), e);
            cameras.delete(camera.id());
            throw e;
        }
    }
}
