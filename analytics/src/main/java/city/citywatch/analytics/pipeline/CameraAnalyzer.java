package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.crowd.CrowdRule;
import city.citywatch.analytics.crowd.ZoneCountListener;
import city.citywatch.analytics.debris.DebrisRule;
import city.citywatch.analytics.detect.DetectionRequest;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.FocusTiles;
import city.citywatch.analytics.event.EventEngine;
import city.citywatch.analytics.flood.FloodAnalysis;
import city.citywatch.analytics.flood.FloodEvents;
import city.citywatch.analytics.flood.FloodRule;
import city.citywatch.analytics.event.EvidenceListener;
import city.citywatch.analytics.event.RuleVerdict;
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

import java.util.ArrayList;
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
    private final DebrisRule debris;
    private final CrowdRule crowd;
    private final ZoneCountListener zoneCounts;
    private final EventEngine engine;
    /** null when the node has no water model (then flood-watch zones are watched by their gauges only) */
    private final FloodAnalysis flood;
    private final FloodRule floodRule;
    private final FloodEvents floodEvents;
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
        this(camera, detector, settings, sink, evidence, carriedOver, ZoneCountListener.NONE, null);
    }

    /**
     * @param zoneCounts receives each crowd zone's person count after every frame (metrics)
     * @param flood      the flood rule's shared parts; null = no video flood detection on this node
     */
    public CameraAnalyzer(Camera camera, Detector detector, AnalyzerSettings settings, EventSink sink,
                          EvidenceListener evidence, List<Event> carriedOver, ZoneCountListener zoneCounts,
                          FloodAnalysis flood) {
        this.flood = flood;
        this.floodRule = flood == null ? null : new FloodRule(flood.model(), flood.gauges(), flood.settings());
        this.floodEvents = flood == null ? null : new FloodEvents(CameraRef.of(camera), sink, evidence,
                settings.events().preRoll(), settings.events().postRoll(), flood.settings().updateInterval());
        this.camera = camera;
        this.detector = detector;
        this.settings = settings;
        this.tracker = new ByteTracker(settings.tracker());
        this.parking = new ParkingRule(settings.parking());
        this.debris = new DebrisRule(settings.debris());
        this.crowd = new CrowdRule(settings.crowd());
        this.zoneCounts = zoneCounts;
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
        RuntimeException failure = null;
        try {
            engine.onParkingVerdicts(frame, verdicts);
        } catch (RuntimeException e) {
            failure = e;
        }
        // each rule's changes reach the sink even when another rule's were refused
        CrowdRule.Result crowdResult = crowd.evaluate(frame.capturedAt(), detections, tracks, current, frame.width(), frame.height());
        crowdResult.counts().forEach((zoneId, persons) -> zoneCounts.onCount(camera.id(), zoneId, persons));
        List<RuleVerdict> ruleVerdicts = new ArrayList<>(crowdResult.verdicts());
        ruleVerdicts.addAll(debris.evaluate(frame, tracks, current));
        try {
            engine.onRuleVerdicts(frame, ruleVerdicts);
        } catch (RuntimeException e) {
            if (failure == null) failure = e;
            else failure.addSuppressed(e);
        }
        if (floodRule != null && FloodRule.applies(current)) {
            try {
                floodEvents.onVerdicts(frame, floodRule.evaluate(frame, current));
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    private List<BoundingBox> focusTiles(List<Zone> current, VideoFrame frame) {
        FocusPlan plan = focusPlan;
        if (plan == null || !plan.isFor(current, frame.width(), frame.height())) {
            // crowds too: far-away persons are as small as far-away cars
            List<Zone> focusZones = current.stream()
                    .filter(z -> parking.appliesTo(z) || crowd.appliesTo(z)).toList();
            plan = new FocusPlan(current, frame.width(), frame.height(),
                    FocusTiles.plan(focusZones, frame.width(), frame.height(), settings.focus()));
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
     * Frames per second this camera's rules need, the most any of its zones' rules asks for: 1.0 for no-parking
     * and flood watch (dwell is measured in seconds), {@code flood.rainFps} while a rain gauge linked to a flood-watch
     * zone is over its threshold, the crowd and debris rules' own rates (2 by default: the crowd count's window needs
     * two frames a second to bridge a person hidden for one, the background model a few to tell moving from still);
     * and at least the video-quality diagnosis's rate, so that a camera that only records is still watched.
     * Asked again as conditions change.
     */
    public double requiredFps() {
        List<Zone> current = zones;
        double fps = ZoneRule.requiredFps(List.of(parking, crowd, debris), current);
        for (Zone z : current) {
            if (z.kind() == ZoneKind.FLOOD_WATCH && flood != null) {
                // rain on a linked gauge: water can rise within minutes, look more often
                fps = Math.max(fps, flood.gauges().raining(z.params().gauges(), java.time.Instant.now()) ? flood.rainFps() : 1.0);
            }
        }
        return Math.max(fps, settings.quality().requiredFps());
    }

    /** The picture faults currently raised for this camera. */
    public Set<Finding> pictureFaults() {
        return quality.active();
    }

    public String cameraId() {
        return camera.id();
    }
}
