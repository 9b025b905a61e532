package city.citywatch.api.app;

import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.ingest.camera.CameraWorker;
import city.citywatch.storage.objectstore.EvidenceUploader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gets an opened event's evidence into the object store: the snapshot at once, the clip when the camera's worker
 * has remuxed the pre-roll and post-roll. Both go through the uploader's spool, so a store outage delays them
 * but loses nothing.
 */
final class EvidencePipeline implements EvidenceListener {
    private static final Logger LOG = LoggerFactory.getLogger(EvidencePipeline.class);

    private final EvidenceUploader uploader;
    private final Function<String, Optional<CameraWorker>> workers;
    private final Path clipDir;

    EvidencePipeline(EvidenceUploader uploader, Function<String, Optional<CameraWorker>> workers, Path clipDir) throws IOException {
        this.uploader = uploader;
        this.workers = workers;
        this.clipDir = Files.createDirectories(clipDir);
    }

    @Override
    public void onEvidence(EvidenceRequest r) {
        try {
            uploader.submit(r.snapshotKey(), r.snapshotJpeg(), "image/jpeg");
        } catch (RuntimeException e) {
            LOG.error("event {}: snapshot {} could not be spooled: {}", r.eventId(), r.snapshotKey(), e.getMessage());
        }
        Optional<CameraWorker> worker = workers.apply(r.cameraId());
        if (worker.isEmpty()) {
            LOG.warn("event {}: camera {} has no stream worker on this node; no clip", r.eventId(), r.cameraId());
            return;
        }
        Path file = clipDir.resolve(r.eventId() + ".mp4");
        worker.get().recordClip(r.clipFrom(), r.clipTo(), file).whenComplete((path, err) -> {
            try {
                if (err != null) {
                    LOG.error("event {}: clip [{} .. {}] of camera {} could not be cut: {}", r.eventId(), r.clipFrom(),
                            r.clipTo(), r.cameraId(), err.getMessage());
                    return;
                }
                uploader.submit(r.clipKey(), path, "video/mp4");
                LOG.info("event {}: clip {} spooled for upload", r.eventId(), r.clipKey());
            } catch (RuntimeException e) {
                LOG.error("event {}: clip {} could not be spooled: {}", r.eventId(), r.clipKey(), e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("could not delete the temporary clip {}: {}", file, e.getMessage());
                }
            }
        });
    }
}
