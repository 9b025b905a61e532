package city.citywatch.analytics.flood;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.event.EventObject;

import java.util.ArrayList;
import java.util.List;

/** How a flood event lists what it saw: the zone's water (fraction), then each gauge's depth. */
final class FloodObjects {
    static final String WATER = "water";
    static final String WATER_LEVEL_GAUGE = "water_level_gauge";

    private FloodObjects() {
    }

    static List<EventObject> of(BoundingBox zoneBox, double fraction, double heldSeconds,
                                List<GaugeReadings.GaugeLevel> gauges) {
        List<EventObject> out = new ArrayList<>();
        if (zoneBox != null) {
            out.add(new EventObject(0, WATER, zoneBox, round(heldSeconds), null, round(fraction), "fraction"));
        }
        for (int i = 0; i < gauges.size(); i++) {
            var g = gauges.get(i);
            out.add(new EventObject(i + 1, WATER_LEVEL_GAUGE, null, 0, g.sensor().id(), round(g.reading().value()),
                    g.reading().unit()));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
