package city.citywatch.analytics.detect;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NonMaxSuppressionTest {
    private static Detection d(int cls, String label, double score, double x1, double y1, double x2, double y2) {
        return new Detection(new BoundingBox(x1, y1, x2, y2), cls, label, score);
    }

    @Test
    void carAndTruckBoxesOnOneVehicleBecomeOne() {
        Detection car = d(2, "car", 0.8, 100, 100, 200, 160);
        Detection truck = d(7, "truck", 0.4, 102, 98, 203, 162);
        assertThat(NonMaxSuppression.apply(List.of(truck, car), 0.5)).containsExactly(car);
    }

    @Test
    void otherClassesAreSuppressedOnlyWithinTheirClass() {
        Detection car = d(2, "car", 0.8, 100, 100, 200, 160);
        Detection person = d(0, "person", 0.7, 101, 100, 200, 160);
        Detection person2 = d(0, "person", 0.5, 103, 101, 201, 161);
        Detection dog = d(16, "dog", 0.6, 100, 100, 200, 160);
        assertThat(NonMaxSuppression.apply(List.of(person2, dog, car, person), 0.5)).containsExactly(car, person, dog);
    }

    @Test
    void neighbouringVehiclesStay() {
        Detection a = d(2, "car", 0.8, 100, 100, 150, 140);
        Detection b = d(7, "truck", 0.7, 140, 100, 220, 170);
        assertThat(NonMaxSuppression.apply(List.of(a, b), 0.5)).containsExactly(a, b);
    }
}
