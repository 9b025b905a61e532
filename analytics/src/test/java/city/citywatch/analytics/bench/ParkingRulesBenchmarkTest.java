package city.citywatch.analytics.bench;

import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ParkingRulesBenchmarkTest {

    @Test
    void scoringFollowsUpstreamRules() {
        // GT track of 10 frames; alarm matches 2 of them (20 % -> TP), first match at its 4th frame (delay 3)
        Map<Integer, List<RoadTrackData.GtBox>> gt = new TreeMap<>();
        List<RoadTrackData.GtBox> boxes = new java.util.ArrayList<>();
        for (int f = 10; f < 20; f++) boxes.add(new RoadTrackData.GtBox(f, 100, 100, 20, 20));
        gt.put(0, boxes);
        RoadTrackData.Sequence s = new RoadTrackData.Sequence("x_K204_1", true, new TreeMap<Integer, List<Detection>>(), 20, gt);
        BoundingBox good = BoundingBox.ofXywh(101, 100, 20, 20), bad = BoundingBox.ofXywh(300, 300, 20, 20);
        var alarms = Map.of(1L, List.of(new ParkingRulesBenchmark.Alarm(13, good), new ParkingRulesBenchmark.Alarm(14, good)),
                2L, List.of(new ParkingRulesBenchmark.Alarm(15, bad)));
        ParkingRulesBenchmark.Score sc = ParkingRulesBenchmark.score(s, alarms);
        assertThat(sc.tp).isEqualTo(1);
        assertThat(sc.fn).isZero();
        assertThat(sc.fp).as("alarm 2 matches no GT frame").isEqualTo(1);
        assertThat(sc.delayFrames).isEqualTo(3);
    }

    @Test
    void replayOfAllRoadTrackSequencesReachesTheTarget() throws Exception {
        Path root = SharedFolder.resolve().resolve("data/roadtrack-highway-parking");
        var filters = RoadTrackData.filters(root.resolve("config/filter_files/filter.json"));
        assertThat(filters).containsKey("K249");
        ParkingRulesBenchmark.Score total = new ParkingRulesBenchmark.Score();
        List<RoadTrackData.Sequence> p = RoadTrackData.read(root.resolve("tracks/RoadTrack_P_gt_and_det.zip"), true, filters);
        List<RoadTrackData.Sequence> n = RoadTrackData.read(root.resolve("tracks/RoadTrack_N_det_nms05.zip"), false, filters);
        assertThat(p).hasSize(201);
        assertThat(n).hasSize(800);
        for (List<RoadTrackData.Sequence> set : List.of(p, n)) {
            for (RoadTrackData.Sequence s : set) total.add(ParkingRulesBenchmark.score(s, ParkingRulesBenchmark.replay(s)));
        }
        assertThat(total.tp + total.fn).isEqualTo(311);
        assertThat(total.f1()).as("F1 (tp %d fp %d fn %d)", total.tp, total.fp, total.fn).isGreaterThanOrEqualTo(0.90);
        assertThat(total.meanDelayFrames() / ParkingRulesBenchmark.FPS).isLessThanOrEqualTo(15.0);
    }
}
