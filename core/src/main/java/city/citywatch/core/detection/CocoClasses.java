package city.citywatch.core.detection;

import java.util.Set;

/** The COCO class ids the rules care about. Both staged detectors use COCO-2017 numbering. */
public final class CocoClasses {
    public static final int PERSON = 0;
    public static final int BICYCLE = 1;
    public static final int CAR = 2;
    public static final int MOTORCYCLE = 3;
    public static final int BUS = 5;
    public static final int TRUCK = 7;

    /** Vehicles a no-parking zone cares about; also the classes merged by cross-class NMS. */
    public static final Set<Integer> VEHICLES = Set.of(CAR, MOTORCYCLE, BUS, TRUCK);

    private CocoClasses() {
    }

    public static boolean isVehicle(int classId) {
        return VEHICLES.contains(classId);
    }
}
