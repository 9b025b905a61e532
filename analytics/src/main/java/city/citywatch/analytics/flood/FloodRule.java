package city.citywatch.analytics.flood;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static city.citywatch.analytics.flood.WaterFeatures.GRID_H;
import static city.citywatch.analytics.flood.WaterFeatures.GRID_W;

/**
 * The flood rule of one camera's {@code flood_watch} zones. A cell counts as water when the trained model says so
 * <em>and</em> the camera's dry reference disagrees: either the reference did not look like water there, or the
 * cell has lost most of its texture since (a road's markings and grain vanish under a sheet of water). The reference
 * is the first analysed picture, then follows slow changes (light, season) on cells that show no water while no
 * flood is open; so a grey road the model finds water-like on a dry day never becomes a flood, and a camera that
 * starts during a flood relies on the texture cue and on its gauges until the water recedes.
 * <p>
 * A zone floods when its water fraction stays at or over {@code params.waterFraction} for the zone's dwell; it
 * closes once the fraction stays below {@code closeRatio} × that threshold for {@code closeHold} (hysteresis, so
 * ripples and passing cars do not flap the event). Not thread-safe: one camera's frames, in order.
 */
public final class FloodRule {
    private static final int SD_L = 3;
    private static final int GRAD = 6;

    private final WaterModel model;
    private final GaugeReadings gauges;
    private final FloodSettings settings;
    private final Map<String, ZoneState> states = new HashMap<>();
    private float[] refP;
    private float[] refTexture;

    private static final class ZoneState {
        Instant overSince;
        Instant underSince;
        boolean open;
    }

    public FloodRule(WaterModel model, GaugeReadings gauges, FloodSettings settings) {
        this.model = model;
        this.gauges = gauges;
        this.settings = settings;
    }

    public static boolean applies(List<Zone> zones) {
        return zones.stream().anyMatch(z -> z.kind() == ZoneKind.FLOOD_WATCH);
    }

    public List<FloodVerdict> evaluate(VideoFrame frame, List<Zone> zones) {
        List<Zone> watched = zones.stream().filter(z -> z.kind() == ZoneKind.FLOOD_WATCH).toList();
        states.keySet().retainAll(watched.stream().map(Zone::id).toList());
        if (watched.isEmpty()) return List.of();
        float[][] features = WaterFeatures.compute(frame.bgr(), frame.width(), frame.height());
        float[] p = model.predict(features);
        float[] texture = new float[p.length];
        for (int c = 0; c < p.length; c++) texture[c] = features[c][SD_L] + features[c][GRAD];
        if (refP == null) {
            refP = p.clone();
            refTexture = texture.clone();
        }
        boolean[] water = new boolean[p.length];
        float th = settings.waterThreshold();
        for (int c = 0; c < p.length; c++) {
            water[c] = p[c] >= th && (refP[c] < th || texture[c] < settings.textureLoss() * refTexture[c]);
        }

        Instant now = frame.capturedAt();
        List<FloodVerdict> verdicts = new ArrayList<>();
        boolean anyOpen = false;
        for (Zone zone : watched) {
            boolean[] inZone = cellsIn(zone);
            int cells = 0, wet = 0;
            double pSum = 0;
            boolean[] zoneWater = new boolean[p.length];
            for (int c = 0; c < p.length; c++) {
                if (!inZone[c]) continue;
                cells++;
                if (water[c]) {
                    wet++;
                    pSum += p[c];
                    zoneWater[c] = true;
                }
            }
            double fraction = cells == 0 ? 0 : (double) wet / cells;
            double threshold = zone.params().waterFraction() != null ? zone.params().waterFraction() : settings.defaultFraction();
            ZoneState s = states.computeIfAbsent(zone.id(), k -> new ZoneState());
            if (fraction >= threshold) {
                if (s.overSince == null) s.overSince = now;
            } else {
                s.overSince = null;
            }
            if (fraction < settings.closeRatio() * threshold) {
                if (s.underSince == null) s.underSince = now;
            } else {
                s.underSince = null;
            }
            double held = s.overSince == null ? 0 : Duration.between(s.overSince, now).toMillis() / 1000.0;
            var levels = gauges.levels(zone.params().gauges(), now);
            double gaugeRatio = levels.stream().mapToDouble(GaugeReadings.GaugeLevel::ratio).max().orElse(0);
            double confidence = wet == 0 ? 0 : pSum / wet;
            if (gaugeRatio >= 1) confidence = Math.max(confidence, 0.9);
            FloodVerdict.Kind kind = null;
            if (!s.open && s.overSince != null && held >= zone.dwell().toMillis() / 1000.0) {
                s.open = true;
                kind = FloodVerdict.Kind.OPEN;
            } else if (s.open && s.underSince != null && !Duration.between(s.underSince, now).minus(settings.closeHold()).isNegative()) {
                s.open = false;
                kind = FloodVerdict.Kind.CLOSE;
            } else if (s.open) {
                kind = FloodVerdict.Kind.UPDATE;
            }
            anyOpen |= s.open;
            if (kind != null) {
                verdicts.add(new FloodVerdict(kind, zone, now, fraction, threshold, held, levels,
                        FloodSeverity.of(fraction / threshold, gaugeRatio), Math.min(1, confidence),
                        box(zone, frame.width(), frame.height()), zoneWater));
            }
        }
        if (!anyOpen) followSlowChanges(p, texture, water);
        return verdicts;
    }

    private void followSlowChanges(float[] p, float[] texture, boolean[] water) {
        float a = settings.referenceAlpha();
        for (int c = 0; c < p.length; c++) {
            if (water[c]) continue;
            refP[c] += a * (p[c] - refP[c]);
            refTexture[c] += a * (texture[c] - refTexture[c]);
        }
    }

    /** Grid cells whose centre lies in the zone. */
    static boolean[] cellsIn(Zone zone) {
        boolean[] in = new boolean[GRID_W * GRID_H];
        for (int gy = 0; gy < GRID_H; gy++) {
            for (int gx = 0; gx < GRID_W; gx++) {
                in[gy * GRID_W + gx] = zone.polygon().contains((gx + 0.5) / GRID_W, (gy + 0.5) / GRID_H);
            }
        }
        return in;
    }

    static BoundingBox box(Zone zone, int width, int height) {
        double x1 = 1, y1 = 1, x2 = 0, y2 = 0;
        for (Point pt : zone.polygon().points()) {
            x1 = Math.min(x1, pt.x()); y1 = Math.min(y1, pt.y());
            x2 = Math.max(x2, pt.x()); y2 = Math.max(y2, pt.y());
        }
        return new BoundingBox(x1 * width, y1 * height, x2 * width, y2 * height);
    }
}
