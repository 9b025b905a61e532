package city.citywatch.core.detection;

/**
 * One object found by a detector in one frame.
 *
 * @param classId COCO-2017 class index (0 person, 2 car, 3 motorcycle, 5 bus, 7 truck)
 * @param label   the class name from the model's label file
 */
public record Detection(BoundingBox box, int classId, String label, double score) {
}
