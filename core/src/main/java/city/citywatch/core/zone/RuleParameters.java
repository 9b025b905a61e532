package city.citywatch.core.zone;

import com.fasterxml.jackson.annotation.JsonInclude;
import city.citywatch.core.validation.ValidationException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The parameters a zone's rule needs beyond dwell, severity and department. Every field is optional on the wire;
 * a rule uses defaults for the ones it needs and that are absent; so one JSON shape serves the config file, the API,
 * the database column and the zone editor. Field names are the wire names.
 *
 * @param countThreshold        crowd: persons in the zone that make a crowd
 * @param areaSquareMetres      ground area the polygon covers; turns counts into densities and pixel sizes into m²
 * @param densityPerSquareMetre crowd: persons per m² that make a crowd (needs {@code areaSquareMetres})
 * @param riseCount             crowd "gathering fast": a rise of at least this many persons ...
 * @param riseWindowSeconds     ... within this many seconds
 * @param minObjectFraction     debris: smallest object, as a fraction of the zone's area in the image
 * @param minObjectSquareMetres debris: smallest object in m² (needs {@code areaSquareMetres}); wins over the fraction
 * @param waterFraction         flood watch: fraction of the zone under water that raises an event
 * @param gauges                flood watch: ids of the water-level / rain gauges linked to this zone
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleParameters(Integer countThreshold, Double areaSquareMetres, Double densityPerSquareMetre,
                             Integer riseCount, Integer riseWindowSeconds, Double minObjectFraction,
                             Double minObjectSquareMetres, Double waterFraction, List<String> gauges) {

    public static final RuleParameters NONE = new RuleParameters(null, null, null, null, null, null, null, null, null);

    private static final Pattern GAUGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public RuleParameters {
        positive("countThreshold", countThreshold, 10_000);
        positive("riseCount", riseCount, 10_000);
        positive("riseWindowSeconds", riseWindowSeconds, 3600);
        positive("areaSquareMetres", areaSquareMetres, 1e7);
        positive("densityPerSquareMetre", densityPerSquareMetre, 20.0);
        positive("minObjectSquareMetres", minObjectSquareMetres, 1e4);
        fraction("minObjectFraction", minObjectFraction);
        fraction("waterFraction", waterFraction);
        if ((densityPerSquareMetre != null || minObjectSquareMetres != null) && areaSquareMetres == null) {
            throw new ValidationException("params.areaSquareMetres",
                    "is required when densityPerSquareMetre or minObjectSquareMetres is set (it calibrates the zone)");
        }
        if ((riseCount == null) != (riseWindowSeconds == null)) {
            throw new ValidationException("params.riseWindowSeconds", "riseCount and riseWindowSeconds go together");
        }
        gauges = gauges == null ? null : List.copyOf(gauges);
        if (gauges != null) {
            for (int i = 0; i < gauges.size(); i++) {
                String g = gauges.get(i);
                if (g == null || !GAUGE_ID.matcher(g).matches()) {
                    throw new ValidationException("params.gauges[" + i + "]",
                            "must be a sensor id of letters, digits, '_' and '-', got '" + g + "'");
                }
            }
        }
    }

    private static void positive(String field, Number value, double max) {
        if (value == null) return;
        double v = value.doubleValue();
        if (!(v > 0 && v <= max)) {
            throw new ValidationException("params." + field, "must be > 0 and <= " + fmt(max) + ", got " + value);
        }
    }

    private static void fraction(String field, Double value) {
        if (value == null) return;
        if (!(value > 0 && value <= 1)) {
            throw new ValidationException("params." + field, "must be a fraction > 0 and <= 1, got " + value);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
