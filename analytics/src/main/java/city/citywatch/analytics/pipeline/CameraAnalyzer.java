package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.FocusTiles;
import city.citywatch.analytics.event.EventEngine;
import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.parking.ParkingRule;
import city.citywatch.analytics.parking.ParkingVerdict;
import city.citywatch.analytics.quality.Finding;
import city.citywatch.analytics.rule.ZoneRule;
import city.citywatch.analytics.quality.QualityDiagnosis;
import city.citywatch.analytics.quality.QualityEvents;
import city.citywatch.analytics.track.ByteTracker;
import city.citywatch.analytics.track.TrackedObject;
import city.citywatch.core.camera.Camera;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.Event;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.util.List;
import java.util.Set;

/**
 * One camera's analysis: detect → track → rules → event engine, frame by frame.
 * <p>
 * Threading: {@link #onFrame} runs entirely on the calling thread (the application gives each camera a slot on an
 * executor) and must be called for one camera's frames in order; calls are serialised, so a second caller waits.
 * {@link #updateZones} may be called from any thread; the new zones apply from the next frame. The analyzer does not
 * own the detector (shared by cameras) and has nothing to close.
 */
public final class CameraAnalyzer {
    private final Camera camera;
    private final Detector detector;
    private final AnalyzerSettings settings;
    private final ByteTracker tracker;
    private final ParkingRule parking;
    private final EventEngine engine;
    private final QualityDiagnosis quality;
    private final QualityEvents qualityEvents;
    private volatile List<Zone> zones;
    /** Set by {@link #updateZones}, read on the analysis thread: the view the zones were drawn on may be new. */
    private volatile boolean zonesRedrawn;
    /** Focus tiles of the zones and frame size they were planned for; replanned only when either changes. */
    private FocusPlan focusPlan;

    private record FocusPlan(List<Zone> zones, int width, int height, List<BoundingBox> tiles) {
        boolean isFor(List<Zone> z, int w, int h) {
            return zones == z && width == w && height == h;
        }
    }

    public CameraAnalyzer(Camera camera, Detector detector, AnalyzerSettings settings, EventSink sink,
                          EvidenceListener evidence) {
        this(camera, detector, settings, sink, evidence, List.of());
    }

    /**
     * @param carriedOver the camera's events still open from a previous run: illegal parking (see {@link EventEngine})
     *                    and camera_health of picture faults (see {@link QualityEvents})
     */
    public CameraAnalyzer(Camera camera, Detector detector, AnalyzerSettings settings, EventSink sink,
                          EvidenceListener evidence, List<Event> carriedOver) {
        this.camera = camera;
        this.detector = detector;
        this.settings = settings;
        this.tracker = new ByteTracker(settings.tracker());
        this.parking = new ParkingRule(settings.parking());
        this.engine = new EventEngine(CameraRef.of(camera), settings.events(), sink, evidence,
                carriedOver.stream().filter(e -> e.kind() == EventKind.ILLEGAL_PARKING).toList());
        this.quality = new QualityDiagnosis(settings.quality());
        this.qualityEvents = new QualityEvents(CameraRef.of(camera), settings.events(), sink, evidence,
                carriedOver.stream().filter(e -> e.kind() == EventKind.CAMERA_HEALTH).toList());
        quality.assumeRaised(qualityEvents.carriedOverFindings());
        this.zones = camera.zones();
    }

    /** Analyses one frame; events it causes go to the sink before this returns. */
    public synchronized void onFrame(VideoFrame frame) {
        if (!camera.id().equals(frame.cameraId())) {
            throw new IllegalArgumentException("frame of camera '" + frame.cameraId() + "' given to the analyzer of '"
                    + camera.id() + "'");
        }
        if (zonesRedrawn) {
            zonesRedrawn = false;
            quality.relearnScene();
        }
        qualityEvents.onChanges(quality.offer(frame));
        // a picture the rules cannot see through gives no verdicts (open events stay open) and costs no inference
        if (quality.blindsAnalytics()) return;
        List<Zone> current = zones;
        List<Detection> detections = detector.detect(new DetectionRequest(frame, focusTiles(current, frame)));
        List<TrackedObject> tracks = tracker.update(frame.capturedAt(), detections, frame);
        List<ParkingVerdict> verdicts = parking.evaluate(frame.capturedAt(), tracks, current, frame.width(), frame.height());
        engine.onParkingVerdicts(frame, verdicts);
    }

    private List<BoundingBox> focusTiles(List<Zone> current, VideoFrame frame) {
        FocusPlan plan = focusPlan;
        if (plan == null || !plan.isFor(current, frame.width(), frame.height())) {
            List<Zone> parkingZones = current.stream().filter(z -> z.kind() == ZoneKind.NO_PARKING).toList();
            plan = new FocusPlan(current, frame.width(), frame.height(),
                    FocusTiles.plan(parkingZones, frame.width(), frame.height(), settings.focus()));
            focusPlan = plan;
        }
        return plan.tiles();
    }

    /** Replaces the camera's zones; takes effect on the next frame. Events of removed zones are closed then. */
    public void updateZones(List<Zone> newZones) {
        List<Zone> copy = List.copyOf(newZones);
        for (int i = 0; i < copy.size(); i++) {
            if (!camera.id().equals(copy.get(i).cameraId())) {
                throw new ValidationException("zones[" + i + "].cameraId", "must be '" + camera.id() + "', got '"
                        + copy.get(i).cameraId() + "'");
            }
        }
        zones = copy;
        zonesRedrawn = true;
    }

    /**
     * Frames per second this camera needs: the highest rate among the rules of its zones ({@link ZoneRule}), and at
     * least the video-quality diagnosis's rate, so that a camera that only records is still watched.
     */
    public double requiredFps() {
        double rules = ZoneRule.requiredFps(List.of(parking), zones);
        return Math.max(rules, settings.quality().requiredFps());
    }

    /** The picture faults currently raised for this camera. */
    public Set<Finding> pictureFaults() {
        return quality.active();
    }

    public String cameraId() {
        return camera.id();
    }
}
