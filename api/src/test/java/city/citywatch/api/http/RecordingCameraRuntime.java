package city.citywatch.api.http;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.video.VideoFrame;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the ingest supervisor: records what the API tells it and reports the statuses it is given. */
final class RecordingCameraRuntime implements CameraRuntime {
    final List<String> added = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    final Map<String, CameraStatus> statuses = new ConcurrentHashMap<>();
    final List<Camera> zonesReplaced = new CopyOnWriteArrayList<>();
    final Map<String, VideoFrame> frames = new ConcurrentHashMap<>();
    volatile boolean refuseAdds;
    volatile boolean refuseZones;

    @Override
    public void zonesReplaced(Camera camera) {
        if (refuseZones) throw new IllegalStateException("analysis refuses the zones of " + camera.id() + " (test)");
        zonesReplaced.add(camera);
    }

    @Override
    public Optional<VideoFrame> latestFrame(String cameraId) {
        return Optional.ofNullable(frames.get(cameraId));
    }

    @Override
    public Optional<CameraStatus> status(String cameraId) {
        return Optional.ofNullable(statuses.get(cameraId));
    }

    @Override
    public void cameraAdded(Camera camera) {
        if (refuseAdds) throw new IllegalStateException("ingest refuses camera " + camera.id() + " (test)");
        added.add(camera.id());
    }

    @Override
    public void cameraRemoved(String cameraId) {
        removed.add(cameraId);
    }
}
