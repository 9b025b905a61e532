package city.citywatch.api.app;

import city.citywatch.analytics.detect.BatchingDetector;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.pipeline.AnalyzerSettings;
import city.citywatch.analytics.flood.FloodAnalysis;
import city.citywatch.analytics.pipeline.CameraAnalyzer;
import city.citywatch.api.http.CameraRuntime;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.camera.CameraState;
import city.citywatch.core.camera.CameraStatus;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.camera.CameraWorker;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.health.OfflineEvents;
import city.citywatch.storage.objectstore.EvidenceUploader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns the running cameras of this node: for each, the ingest worker (its own thread), the analyzer and the
 * mailbox between them. The analysis pool is shared and sized to the cores, because inference is the CPU cost
 * that grows with cameras. The only place that starts and stops camera pipelines.
 */
final class CameraSupervisor implements CameraRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSupervisor.class);

    /**
     * @param worker   pulls the main stream into the clip ring buffer, and decodes it for analysis when the camera has
     *                 no sub-stream
     * @param analysis the worker that decodes the camera's sub-stream for analysis, null when there is none
     * @param decodeFps the analysis frame rate the workers were started with
     */
    private record Pipeline(CameraWorker worker, CameraWorker analysis, CameraAnalyzer analyzer, AnalysisMailbox mailbox,
                            Gauge dropped, double decodeFps) {
        CameraStatus status() {
            CameraStatus main = worker.status();
            if (analysis == null || main.state() != CameraState.ONLINE) return main;
            CameraStatus sub = analysis.status();
            // clips work but nothing is analysed: the operator must see that the camera is not fully up
            return sub.state() == CameraState.ONLINE ? main
                    : new CameraStatus(main.cameraId(), sub.state(), "analysis sub-stream: " + sub.reason(), sub.since(),
                    main.lastFrameAt(), main.reconnects() + sub.reconnects());
        }

        void close() {
            if (analysis != null) analysis.close();
            worker.close();
        }
    }

    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    /** Each camera's latest analysed frame, for the console's live picture (frames are immutable once decoded). */
    private final Map<String, VideoFrame> latestFrames = new ConcurrentHashMap<>();
    private final IngestSettings ingest;
    private final Detector detector;
    private final AnalyzerSettings analyzerSettings;
    private final EventSink events;
    private final Function<String, List<Event>> ongoingEvents;
    private final EvidenceListener evidence;
    private final MeterRegistry meters;
    private final ZoneCountGauges zoneCounts;
    private final ExecutorService analysisPool;
    /** null: no water model on this node */
    private final FloodAnalysis flood;
    private final OfflineEvents offlineEvents;

    /**
     * @param ongoingEvents a camera's events left open by an earlier run (illegal parking, picture faults), to be continued
     * @param clipDir       where clips are remuxed before they go to the uploader's spool
     * @param flood         the flood rule's shared parts; null when the node has no water model
     * @param offlineEvents told of every camera and each of its status changes (camera_health events of outages)
     */
    CameraSupervisor(IngestSettings ingest, Detector detector, AnalyzerSettings analyzerSettings, EventSink events,
                     Function<String, List<Event>> ongoingEvents, EvidenceUploader uploader, Path clipDir,
                     MeterRegistry meters, FloodAnalysis flood, OfflineEvents offlineEvents) throws IOException {
        this.flood = flood;
        this.offlineEvents = offlineEvents;
        this.evidence = new EvidencePipeline(uploader, this::worker, clipDir);
        this.ongoingEvents = ongoingEvents;
        this.ingest = ingest;
        this.detector = detector;
        this.analyzerSettings = analyzerSettings;
        this.events = events;
        this.meters = meters;
        this.zoneCounts = new ZoneCountGauges(meters);
        AtomicInteger n = new AtomicInteger();
        // A camera's analysis thread waits while its frame is in a batched detector call: enough threads to fill the
        // batches, else batching across cameras cannot happen.
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (detector instanceof BatchingDetector batching) threads = Math.max(threads, batching.settings().capacity());
        this.analysisPool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("citywatch.cameras.online", pipelines,
                p -> p.values().stream().filter(x -> x.status().state() == CameraState.ONLINE).count())
                .description("cameras whose stream is up").register(meters);
        Gauge.builder("citywatch.cameras", pipelines, Map::size).description("cameras run by this node").register(meters);
    }

    Optional<CameraWorker> worker(String cameraId) {
        return Optional.ofNullable(pipelines.get(cameraId)).map(Pipeline::worker);
    }

    @Override
    public Optional<CameraStatus> status(String cameraId) {
        return Optional.ofNullable(pipelines.get(cameraId)).map(Pipeline::status);
    }

    @Override
    public synchronized void cameraAdded(Camera camera) {
        if (pipelines.containsKey(camera.id())) cameraRemoved(camera.id());
        CameraAnalyzer analyzer = new CameraAnalyzer(camera, detector, analyzerSettings, events, evidence,
                ongoingEvents.apply(camera.id()), zoneCounts, flood);
        AnalysisMailbox mailbox = new AnalysisMailbox(analysisPool, frame -> {
            latestFrames.put(camera.id(), frame);
            try {
                analyzer.onFrame(frame);
            } catch (RuntimeException e) {
                LOG.error("camera {}: analysis of a frame failed: {}", camera.id(), e.toString(), e);
            }
        });
        // the main stream's state is the camera's: its outages become camera_health offline events
        Consumer<CameraStatus> onStatus = status -> {
            logStatus(camera.id(), status);
            offlineEvents.onStatus(status);
        };
        CameraWorker worker;
        CameraWorker analysis = null;
        if (camera.analysisStreamUri() == null) {
            worker = new CameraWorker(camera.id(), camera.streamUri(),
                    ingest.withAnalysisFps(analyzer.requiredFps()), mailbox::offer, onStatus);
        } else {
            // main stream: packets to the clip ring buffer only (0 fps decodes nothing); the sub-stream is decoded for
            // analysis. Zones are normalised to the picture, so the lower resolution needs no conversion.
            // the main stream is the camera as far as outages go: without it there are no clips
            worker = new CameraWorker(camera.id(), camera.streamUri(), ingest.withAnalysisFps(0),
                    frame -> { }, onStatus);
            analysis = new CameraWorker(camera.id(), camera.analysisStreamUri(),
                    ingest.withAnalysisFps(analyzer.requiredFps()), mailbox::offer,
                    status -> logStatus(camera.id() + " (analysis sub-stream)", status));
        }
        offlineEvents.track(camera);
        Gauge dropped = Gauge.builder("citywatch.analysis.frames.dropped", mailbox, AnalysisMailbox::dropped)
                .tag("camera", camera.id()).description("frames skipped because analysis was still busy").register(meters);
        pipelines.put(camera.id(), new Pipeline(worker, analysis, analyzer, mailbox, dropped, analyzer.requiredFps()));
        worker.start();
        if (analysis != null) analysis.start();
        LOG.info("camera {} ({}) started: {} zone(s), analysis at {} frame/s", camera.id(), camera.name(),
                camera.zones().size(), analyzer.requiredFps());
    }

    /**
     * Asks every camera's analyzer again how many frames per second its rules need (rain on a gauge linked to a
     * flood-watch zone raises it) and tells the camera's worker when that changed.
     */
    synchronized void refreshAnalysisRates() {
        pipelines.forEach((id, p) -> {
            double fps = p.analyzer().requiredFps();
            if (fps != p.worker().analysisFps()) {
                LOG.info("camera {}: analysis rate {} -> {} frame/s", id, p.worker().analysisFps(), fps);
                p.worker().setAnalysisFps(fps);
            }
        });
    }

    @Override
    public synchronized void cameraRemoved(String cameraId) {
        Pipeline p = pipelines.remove(cameraId);
        latestFrames.remove(cameraId);
        if (p == null) return;
        offlineEvents.untrack(cameraId); // first: a worker that stops is not a camera that went offline
        p.close();
        meters.remove(p.dropped());
        zoneCounts.cameraRemoved(cameraId);
        LOG.info("camera {} stopped", cameraId);
    }

    /**
     * Applies a camera's new zones to its running analysis from the next frame (events of removed zones are closed
     * on that frame). Only when the new rules need more frames per second than the worker decodes is the camera's
     * pipeline restarted at the higher rate (a few seconds without analysis; its open events continue from the
     * database); a lower need keeps the running rate, so the closing frame still comes.
     */
    @Override
    public synchronized void zonesReplaced(Camera camera) {
        Pipeline p = pipelines.get(camera.id());
        if (p == null) {
            cameraAdded(camera);
            return;
        }
        p.analyzer().updateZones(camera.zones());
        double needed = p.analyzer().requiredFps();
        if (needed > p.decodeFps()) {
            LOG.info("camera {}: new zones need {} frame/s, the worker decodes {}; restarting its pipeline", camera.id(),
                    needed, p.decodeFps());
            cameraAdded(camera);
        } else {
            LOG.info("camera {}: {} zone(s) applied to the running analysis", camera.id(), camera.zones().size());
        }
    }

    @Override
    public Optional<VideoFrame> latestFrame(String cameraId) {
        return Optional.ofNullable(latestFrames.get(cameraId));
    }

    private static void logStatus(String cameraId, CameraStatus s) {
        switch (s.state()) {
            case ONLINE -> LOG.info("camera {} ONLINE", cameraId);
            case OFFLINE -> LOG.warn("camera {} OFFLINE: {} (reconnects so far: {})", cameraId, s.reason(), s.reconnects());
            case CONNECTING -> LOG.debug("camera {} connecting", cameraId);
        }
    }

    @Override
    public synchronized void close() {
        pipelines.keySet().forEach(this::cameraRemoved);
        analysisPool.shutdown();
        try {
            if (!analysisPool.awaitTermination(10, TimeUnit.SECONDS)) analysisPool.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            analysisPool.shutdownNow();
        }
    }
}
