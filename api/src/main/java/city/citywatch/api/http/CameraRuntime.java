package city.citywatch.api.http;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.video.VideoFrame;

import java.util.Optional;

/**
 * What the API needs from whatever runs the cameras (the ingest supervisor): their live status, and word
 * when a camera is added or removed so its stream is pulled or dropped without a restart. Called on the
 * API's blocking pool, never on an event loop, after the change is stored.
 */
public interface CameraRuntime {
    /** For nodes that run no cameras (role api only): cameras are pulled by the ingest nodes. */
    CameraRuntime NONE = new CameraRuntime() {
        @Override
        public Optional<CameraStatus> status(String cameraId) {
            return Optional.empty();
        }

        @Override
        public void cameraAdded(Camera camera) {
        }

        @Override
        public void cameraRemoved(String cameraId) {
        }
    };

    /** Empty when no worker on this node reports on the camera (not started yet, or run by another node). */
    Optional<CameraStatus> status(String cameraId);

    /** The camera is stored; start pulling its stream. Throwing undoes the creation (the camera is deleted). */
    void cameraAdded(Camera camera);

    /** The camera is deleted; stop pulling its stream. */
    void cameraRemoved(String cameraId);

    /**
     * The camera's zones were replaced (stored already): its running analysis applies them from the next frame,
     * without a restart; events of removed zones are closed. Throwing undoes the change.
     */
    default void zonesReplaced(Camera camera) {
    }

    /** The camera's latest analysed picture, if this node runs the camera and has decoded one. */
    default Optional<VideoFrame> latestFrame(String cameraId) {
        return Optional.empty();
    }
}
