package city.citywatch.ingest.camera;

import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.video.VideoFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Collects what a worker reports, for assertions. */
final class StatusRecorder implements Consumer<CameraStatus>, FrameListener {
    final List<CameraStatus> statuses = new CopyOnWriteArrayList<>();
    final List<VideoFrame> frames = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CameraStatus status) {
        statuses.add(status);
    }

    @Override
    public void onFrame(VideoFrame frame) {
        frames.add(frame);
    }

    Optional<CameraStatus> last(CameraState state) {
        List<CameraStatus> copy = new ArrayList<>(statuses);
        for (int i = copy.size() - 1; i >= 0; i--) if (copy.get(i).state() == state) return Optional.of(copy.get(i));
        return Optional.empty();
    }

    List<VideoFrame> framesSince(int index) {
        return new ArrayList<>(frames.subList(index, frames.size()));
    }
}
