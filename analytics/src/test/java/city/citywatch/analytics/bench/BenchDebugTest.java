package city.citywatch.analytics.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class BenchDebugTest {
    @Test
    void debug() throws Exception {
        var root = SharedFolder.resolve().resolve("data/roadtrack-highway-parking");
        var filters = RoadTrackData.filters(root.resolve("config/filter_files/filter.json"));
        for (boolean pos : new boolean[]{true, false}) {
            List<RoadTrackData.Sequence> seqs = RoadTrackData.read(root.resolve(pos ? "tracks/RoadTrack_P_gt_and_det.zip" : "tracks/RoadTrack_N_det_nms05.zip"), pos, filters);
            int shown = 0;
            for (var s : seqs) {
                Map<Long, List<ParkingRulesBenchmark.Alarm>> alarms = ParkingRulesBenchmark.replay(s);
                var sc = ParkingRulesBenchmark.score(s, alarms);
                if (sc.fp == 0 && sc.fn == 0) continue;
                if (shown++ > 25) continue;
                System.out.println("== " + s.name() + " alarms " + alarms.size() + " fp " + sc.fp + " tp " + sc.tp + " fn " + sc.fn + " last " + s.lastFrame());
                for (var g : s.gtTracks().entrySet()) {
                    var b = g.getValue();
                    System.out.println("  GT" + g.getKey() + " frames " + b.getFirst().frame() + ".." + b.getLast().frame() + " n=" + b.size() + " box " + b.getFirst().box());
                }
                for (var e : alarms.entrySet()) {
                    var as = e.getValue();
                    System.out.println("  #" + e.getKey() + " frames " + as.getFirst().frame() + ".." + as.getLast().frame() + " n=" + as.size()
                            + " first " + as.getFirst().box() + " last " + as.getLast().box());
                }
            }
        }
    }
}
