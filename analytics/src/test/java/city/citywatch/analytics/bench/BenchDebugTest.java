package city.citywatch.analytics.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class BenchDebugTest {
    @Test
    void debug() throws Exception {
        var root = SharedFolder.resolve().resolve("data/roadtrack-highway-parking");
        var filters = RoadTrackData.filters(root.resolve("config/filter_files/filter.json"));
        List<RoadTrackData.Sequence> neg = RoadTrackData.read(root.resolve("tracks/RoadTrack_N_det_nms05.zip"), false, filters);
        int shown = 0;
        for (var s : neg) {
            Map<Long, List<ParkingRulesBenchmark.Alarm>> alarms = ParkingRulesBenchmark.replay(s);
            if (alarms.isEmpty()) continue;
            System.out.println("== " + s.name() + " alarms " + alarms.size());
            for (var e : alarms.entrySet()) {
                var as = e.getValue();
                System.out.println("  #" + e.getKey() + " frames " + as.getFirst().frame() + ".." + as.getLast().frame() + " n=" + as.size()
                        + " first " + as.getFirst().box() + " last " + as.getLast().box());
            }
            if (++shown >= 3) break;
        }
    }
}
