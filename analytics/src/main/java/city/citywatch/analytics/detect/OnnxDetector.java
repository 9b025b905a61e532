package city.citywatch.analytics.detect;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.DetectorInputSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A detector on one ONNX graph through DJL. The ONNX Runtime session is shared; DJL predictors (not thread-safe)
 * are pooled: a call borrows one, so each concurrently calling thread ends up with its own and none is created per
 * call. Owns the model: {@link #close()} closes every predictor and the model. Inference holds a read lock and
 * {@link #close()} the write lock, so close waits for the calls still running and no predictor is closed under one.
 */
public final class OnnxDetector implements Detector {
    /** Boxes from a focus crop that touch the crop's edge (inside the frame) are cut-off objects: drop them. */
    private static final double EDGE_PX = 2.0;

    private final String modelName;
    private final ZooModel<ImageRegion, Candidates> model;
    private final double nmsIou;
    private final DetectorInputSize wholeFrameInput;
    private final ConcurrentLinkedDeque<Predictor<ImageRegion, Candidates>> idle = new ConcurrentLinkedDeque<>();
    private final List<Predictor<ImageRegion, Candidates>> all = new ArrayList<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Written under the write lock, read under either lock. */
    private boolean closed;

    OnnxDetector(String modelName, ZooModel<ImageRegion, Candidates> model, double nmsIou, DetectorInputSize wholeFrameInput) {
        this.wholeFrameInput = wholeFrameInput;
        this.modelName = modelName;
        this.model = model;
        this.nmsIou = nmsIou;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public Optional<DetectorInputSize> wholeFrameInput() {
        return Optional.of(wholeFrameInput);
    }

    @Override
    public List<Detection> detect(DetectionRequest request) {
        return detectBatch(List.of(request)).getFirst();
    }

    @Override
    public List<List<Detection>> detectBatch(List<DetectionRequest> requests) {
        List<ImageRegion> regions = new ArrayList<>();
        int[] firstRegion = new int[requests.size() + 1];
        for (int i = 0; i < requests.size(); i++) {
            firstRegion[i] = regions.size();
            DetectionRequest r = requests.get(i);
            regions.add(ImageRegion.whole(r.frame()));
            for (BoundingBox focus : r.focusRegions()) {
                ImageRegion crop = clampedRegion(r, focus);
                if (crop != null && !crop.isWholeFrame()) regions.add(crop);
            }
        }
        firstRegion[requests.size()] = regions.size();
        List<Candidates> raw = run(regions);
        List<List<Detection>> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            List<Detection> merged = new ArrayList<>();
            for (int k = firstRegion[i]; k < firstRegion[i + 1]; k++) {
                ImageRegion region = regions.get(k);
                for (Detection d : raw.get(k).detections()) {
                    if (region.isWholeFrame() || !touchesInnerEdge(region, d.box())) merged.add(d);
                }
            }
            out.add(NonMaxSuppression.apply(merged, nmsIou));
        }
        return out;
    }

    private List<Candidates> run(List<ImageRegion> regions) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("detector closed: " + modelName);
            Predictor<ImageRegion, Candidates> p = borrow();
            try {
                return p.batchPredict(regions);
            } catch (TranslateException e) {
                throw new IllegalStateException("inference with " + modelName + " failed: " + e.getMessage(), e);
            } finally {
                idle.push(p);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Predictor<ImageRegion, Candidates> borrow() {
        Predictor<ImageRegion, Candidates> p = idle.poll();
        if (p != null) return p;
        p = model.newPredictor();
        synchronized (all) {
            all.add(p);
        }
        return p;
    }

    private static ImageRegion clampedRegion(DetectionRequest r, BoundingBox focus) {
        int w = r.frame().width(), h = r.frame().height();
        int x1 = (int) Math.max(0, Math.floor(focus.x1())), y1 = (int) Math.max(0, Math.floor(focus.y1()));
        int x2 = (int) Math.min(w, Math.ceil(focus.x2())), y2 = (int) Math.min(h, Math.ceil(focus.y2()));
        if (x2 - x1 < 8 || y2 - y1 < 8) return null;
        return new ImageRegion(r.frame(), x1, y1, x2 - x1, y2 - y1);
    }

    private static boolean touchesInnerEdge(ImageRegion region, BoundingBox b) {
        int fw = region.frame().width(), fh = region.frame().height();
        int rx2 = region.x() + region.width(), ry2 = region.y() + region.height();
        return (region.x() > 0 && b.x1() - region.x() < EDGE_PX)
                || (region.y() > 0 && b.y1() - region.y() < EDGE_PX)
                || (rx2 < fw && rx2 - b.x2() < EDGE_PX)
                || (ry2 < fh && ry2 - b.y2() < EDGE_PX);
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            synchronized (all) {
                all.forEach(Predictor::close);
                all.clear();
            }
            idle.clear();
            model.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
