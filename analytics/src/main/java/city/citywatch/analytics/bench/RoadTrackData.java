package city.citywatch.analytics.bench;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * RoadTrack's detection sequences as upstream's {@code run_baseline.py} reads them: MOT-style CSV
 * {@code frame,track,x,y,w,h,conf,class[,-1,-1]}, 1-based frames, 640x540 pixels; detections whose centre lies in a
 * camera's filter region ({@code filter.json}) are dropped, as upstream does.
 */
final class RoadTrackData {
    private static final Pattern CAMERA = Pattern.compile("K\\d{3}");
    private static final String DETS = "data/det/yolo11m_nms05.txt";
    private static final String GT = "data/gt/gt.txt";

    /** One GT box, in upstream's integer tlwh. */
    record GtBox(int frame, double x, double y, double w, double h) {
        BoundingBox box() {
            return BoundingBox.ofXywh(x, y, w, h);
        }
    }

    /** @param gtTracks GT track id → its boxes in frame order (empty for negatives) */
    record Sequence(String name, boolean positive, TreeMap<Integer, List<Detection>> detections, int lastFrame,
                    Map<Integer, List<GtBox>> gtTracks) {
    }

    private RoadTrackData() {
    }

    static Map<String, List<double[]>> filters(Path filterJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(filterJson.toFile());
        Map<String, List<double[]>> out = new HashMap<>();
        root.fields().forEachRemaining(e -> {
            List<double[]> boxes = new ArrayList<>();
            e.getValue().forEach(b -> boxes.add(new double[]{b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()}));
            out.put(e.getKey(), boxes);
        });
        return out;
    }

    /** Reads every sequence of one zip ({@code P/...} positives with GT, or {@code N/...} negatives). */
    static List<Sequence> read(Path zip, boolean positive, Map<String, List<double[]>> filters) throws IOException {
        Map<String, String> dets = new TreeMap<>(), gts = new HashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (e.isDirectory()) continue;
                String[] parts = name.split("/", 3);
                if (parts.length < 3) continue;
                if (parts[2].equals(DETS)) dets.put(parts[1], text(z, e));
                else if (positive && parts[2].equals(GT)) gts.put(parts[1], text(z, e));
            }
        }
        if (dets.isEmpty()) throw new IOException(zip + " holds no " + DETS + " files; is it the RoadTrack zip?");
        List<Sequence> out = new ArrayList<>();
        for (Map.Entry<String, String> e : dets.entrySet()) {
            String seq = e.getKey();
            Matcher m = CAMERA.matcher(seq);
            List<double[]> filter = m.find() ? filters.getOrDefault(m.group(), List.of()) : List.of();
            TreeMap<Integer, List<Detection>> byFrame = new TreeMap<>();
            int last = 0;
            for (String line : e.getValue().split("\n")) {
                line = line.strip();
                if (line.isEmpty()) continue;
                String[] f = line.split(",");
                int frame = Integer.parseInt(f[0]);
                last = Math.max(last, frame);
                double x = Double.parseDouble(f[2]), y = Double.parseDouble(f[3]);
                double w = Double.parseDouble(f[4]), h = Double.parseDouble(f[5]);
                double u = x + w / 2, v = y + h / 2;
                boolean filtered = false;
                for (double[] r : filter) filtered |= r[0] < u && u < r[2] && r[1] < v && v < r[3];
                if (filtered) continue;
                int cls = Integer.parseInt(f[7]);
                byFrame.computeIfAbsent(frame, k -> new ArrayList<>())
                        .add(new Detection(BoundingBox.ofXywh(x, y, w, h), cls, cls == 7 ? "truck" : cls == 5 ? "bus" : cls == 3 ? "motorcycle" : "car",
                                Double.parseDouble(f[6])));
            }
            Map<Integer, List<GtBox>> gt = new TreeMap<>();
            if (positive) {
                String g = gts.get(seq);
                if (g == null) throw new IOException("sequence " + seq + " in " + zip + " has no " + GT);
                for (String line : g.split("\n")) {
                    line = line.strip();
                    if (line.isEmpty()) continue;
                    String[] f = line.split(",");
                    // upstream truncates GT boxes to int
                    gt.computeIfAbsent((int) Double.parseDouble(f[1]), k -> new ArrayList<>()).add(new GtBox(
                            (int) Double.parseDouble(f[0]), (int) Double.parseDouble(f[2]), (int) Double.parseDouble(f[3]),
                            (int) Double.parseDouble(f[4]), (int) Double.parseDouble(f[5])));
                }
            }
            out.add(new Sequence(seq, positive, byFrame, last, gt));
        }
        return out;
    }

    private static String text(ZipFile z, ZipEntry e) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(z.getInputStream(e), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) sb.append(line).append('\n');
            return sb.toString();
        }
    }
}
