package city.citywatch.analytics.detect;

import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy NMS, class-wise except that car, motorcycle, bus and truck form one group: both staged detectors put a car
 * and a truck box on the same vehicle, and the tracker and rules want one box per vehicle.
 */
public final class NonMaxSuppression {
    private NonMaxSuppression() {
    }

    public static List<Detection> apply(List<Detection> candidates, double iouThreshold) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean suppressed = false;
            for (Detection k : kept) {
                if (group(k.classId()) == group(d.classId()) && k.box().iou(d.box()) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) kept.add(d);
        }
        return kept;
    }

    private static int group(int classId) {
        return CocoClasses.isVehicle(classId) ? -1 : classId;
    }
}
