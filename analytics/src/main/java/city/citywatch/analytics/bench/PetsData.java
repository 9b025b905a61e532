package city.citywatch.analytics.bench;

import city.citywatch.core.detection.BoundingBox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PETS2009 S2L1 view 001 as staged in the shared folder: the 480x360 10 fps video (795 frames) and its derived
 * ground truth (persons per frame, person boxes scaled to 480x360), see the data set's README.
 */
public final class PetsData {
    public static final String DIR = "data/pets2009-s2l1";
    public static final String VIDEO = DIR + "/video/pets2009_s2l1_view001_480x360.mp4";
    public static final double FPS = 10;

    /** A ground-truth person in one frame. */
    public record Person(int id, BoundingBox box) {
    }

    private PetsData() {
    }

    public static Path video(Path shared) {
        return shared.resolve(VIDEO);
    }

    /** Persons per frame of the complete ground truth (everyone, occluded or not), index = frame. */
    public static int[] counts(Path shared) throws IOException {
        List<String> lines = Files.readAllLines(shared.resolve(DIR + "/derived/counts_per_frame.csv"));
        int[] out = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            out[Integer.parseInt(f[0])] = Integer.parseInt(f[2]);
        }
        return out;
    }

    /** Ground-truth boxes by frame index. */
    public static Map<Integer, List<Person>> boxes(Path shared) throws IOException {
        Map<Integer, List<Person>> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(shared.resolve(DIR + "/derived/boxes_480x360.csv"));
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            BoundingBox b = BoundingBox.ofXywh(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]));
            out.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>()).add(new Person(Integer.parseInt(f[1]), b));
        }
        return out;
    }
}
