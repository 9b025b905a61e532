package city.citywatch.analytics.quality;

import city.citywatch.core.video.VideoFrame;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Video-quality diagnosis (视频质量诊断) of one camera: every {@code checkInterval} of frame time, measures the frame
 * and raises or clears findings with persistence and hysteresis.
 * <p>
 * One fault shows in several measures (a covered lens is also dark and without detail), and the maintenance team
 * needs the cause, so findings mask the ones they explain: signal lost masks all others; too bright masks covered;
 * covered masks dark, frozen, blur, colour cast and scene change; too dark/bright mask frozen, blur, colour cast and
 * scene change; blur masks frozen and scene change (without detail, neither small changes nor the view's layout can
 * be judged). A masked finding is not measured in that check: its count neither advances nor resets.
 * <p>
 * Blur and scene change are judged against the camera's own references (scenes differ too much for absolute
 * limits), learnt from its first {@code referenceChecks} good checks and then followed slowly while the picture is
 * good. Not thread-safe: one camera's analyzer calls it, frame by frame.
 */
public final class QualityDiagnosis {
    /** Tile luma std dev relative to the tile's brightness under which the tile counts as flat. */
    private static final double FLAT_RELATIVE_STD = 0.05;
    /** How fast the references follow a good picture (share of the new check per check). */
    private static final float REFERENCE_FOLLOW = 0.05f;

    private final QualitySettings settings;
    private final Map<Finding, Integer> badRun = new EnumMap<>(Finding.class);
    private final Map<Finding, Integer> goodRun = new EnumMap<>(Finding.class);
    private final Set<Finding> active = EnumSet.noneOf(Finding.class);
    private Instant nextCheckAt;
    private Picture previous;
    private final List<Double> sharpnessSamples = new ArrayList<>();
    private double sharpnessReference = Double.NaN;
    private final List<EdgeMap> sceneSamples = new ArrayList<>();
    private EdgeMap sceneReference;

    public QualityDiagnosis(QualitySettings settings) {
        this.settings = settings;
    }

    /** Checks the frame if a check is due (frame time), else does nothing; returns the findings raised or cleared. */
    public List<QualityChange> offer(VideoFrame frame) {
        if (!settings.enabled()) return List.of();
        if (nextCheckAt != null && frame.capturedAt().isBefore(nextCheckAt)) return List.of();
        nextCheckAt = frame.capturedAt().plus(settings.checkInterval());
        return check(frame);
    }

    /** Findings raised and not yet cleared. */
    public Set<Finding> active() {
        return active.isEmpty() ? Set.of() : Set.copyOf(active);
    }

    /** Starts with these findings raised (still open from a previous run): they clear like any raised finding. */
    public void assumeRaised(Set<Finding> findings) {
        active.addAll(findings);
    }

    /** Whether a raised finding makes rules' verdicts meaningless (see {@link Finding#blindsAnalytics()}). */
    public boolean blindsAnalytics() {
        for (Finding f : active) if (f.blindsAnalytics()) return true;
        return false;
    }

    /**
     * Forgets the reference view, e.g. after the zones were redrawn on the camera's new view: the next good checks
     * learn it again (and a raised scene change clears once they match).
     */
    public void relearnScene() {
        sceneSamples.clear();
        sceneReference = null;
    }

    List<Measurement> measure(VideoFrame frame) {
        Picture p = Picture.of(frame, settings.analysisWidth());
        if (previous != null && (previous.width != p.width || previous.height != p.height)) {
            // the camera now sends another resolution (profile switched): references of the old size compare with
            // nothing, so they are learnt again rather than read as a moved or frozen camera
            previous = null;
            sharpnessSamples.clear();
            sharpnessReference = Double.NaN;
            relearnScene();
        }
        List<Measurement> out = new ArrayList<>();
        double variation = Math.max(p.lumaStdDev(), p.chromaStdDev());
        Measurement signal = new Measurement(Finding.SIGNAL_LOST, variation, settings.signalLostMaxStdDev(),
                variation <= settings.signalLostMaxStdDev());
        out.add(signal);
        if (signal.bad()) {
            previous = p;
            return out;
        }
        double meanLuma = p.meanLuma();
        Measurement bright = new Measurement(Finding.TOO_BRIGHT, meanLuma, settings.brightMinMeanLuma(),
                meanLuma > settings.brightMinMeanLuma());
        if (!bright.bad()) {
            // a washed-out picture is flat too, but it is not covered: covered is judged on pictures not too bright
            double flat = p.flatTileShare(FLAT_RELATIVE_STD);
            Measurement covered = new Measurement(Finding.COVERED, flat, settings.coveredMinFlatShare(),
                    flat >= settings.coveredMinFlatShare());
            out.add(covered);
            if (covered.bad()) {
                previous = p;
                return out;
            }
        }
        Measurement dark = new Measurement(Finding.TOO_DARK, meanLuma, settings.darkMaxMeanLuma(),
                meanLuma < settings.darkMaxMeanLuma());
        out.add(dark);
        out.add(bright);
        Measurement frozen = null;
        if (previous != null) {
            double changed = p.changedShare(previous);
            frozen = new Measurement(Finding.FROZEN, changed, settings.frozenMaxChangedShare(),
                    changed <= settings.frozenMaxChangedShare());
        }
        previous = p;
        if (dark.bad() || bright.bad()) return out;
        double chroma = p.chromaOffset();
        out.add(new Measurement(Finding.COLOUR_CAST, chroma, settings.castMinChroma(), chroma > settings.castMinChroma()));
        double sharpness = p.sharpness();
        EdgeMap edges = p.edgeMap();
        boolean blurred = false;
        if (!Double.isNaN(sharpnessReference)) {
            double ratio = sharpnessReference > 0 ? sharpness / sharpnessReference : 1;
            blurred = ratio < settings.blurMinSharpnessRatio();
            out.add(new Measurement(Finding.BLUR, ratio, settings.blurMinSharpnessRatio(), blurred));
        }
        if (!blurred && frozen != null) out.add(frozen);
        if (!blurred && sceneReference != null) {
            double corr = edges.correlation(sceneReference);
            out.add(new Measurement(Finding.SCENE_CHANGED, corr, settings.sceneMinCorrelation(),
                    corr < settings.sceneMinCorrelation()));
        }
        if (out.stream().noneMatch(Measurement::bad)) learn(sharpness, edges);
        return out;
    }

    /**
     * References from good pictures only: the median of the first checks, then a slow follow while no finding is
     * raised (a finding still open, e.g. a scene change after {@link #relearnScene()}, must not be learnt away).
     */
    private void learn(double sharpness, EdgeMap edges) {
        boolean follow = active.isEmpty();
        if (Double.isNaN(sharpnessReference)) {
            sharpnessSamples.add(sharpness);
            if (sharpnessSamples.size() >= settings.referenceChecks()) {
                double[] s = sharpnessSamples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                sharpnessReference = s[s.length / 2];
                sharpnessSamples.clear();
            }
        } else if (follow) {
            sharpnessReference = (1 - REFERENCE_FOLLOW) * sharpnessReference + REFERENCE_FOLLOW * sharpness;
        }
        if (sceneReference == null) {
            sceneSamples.add(edges);
            if (sceneSamples.size() >= settings.referenceChecks()) {
                EdgeMap ref = sceneSamples.getFirst();
                for (int i = 1; i < sceneSamples.size(); i++) ref = ref.blend(sceneSamples.get(i), 1f / (i + 1));
                sceneReference = ref;
                sceneSamples.clear();
            }
        } else if (follow) {
            sceneReference = sceneReference.blend(edges, REFERENCE_FOLLOW);
        }
    }

    private List<QualityChange> check(VideoFrame frame) {
        List<QualityChange> changes = new ArrayList<>();
        for (Measurement m : measure(frame)) {
            Finding f = m.finding();
            if (m.bad()) {
                goodRun.put(f, 0);
                int run = badRun.merge(f, 1, Integer::sum);
                if (run >= settings.raiseAfter() && active.add(f)) changes.add(new QualityChange(f, true, m, frame));
            } else {
                badRun.put(f, 0);
                int run = goodRun.merge(f, 1, Integer::sum);
                if (run >= settings.clearAfter() && active.remove(f)) changes.add(new QualityChange(f, false, m, frame));
            }
        }
        return changes;
    }

    @Override
    public String toString() {
        return "QualityDiagnosis" + Arrays.toString(active.toArray());
    }
}
