package city.citywatch.core.config;

import java.nio.file.Path;

/**
 * The alert console's settings ({@code console.*}).
 *
 * @param suppressionHours how long a false alarm's zone suppression lasts unless the officer says otherwise
 */
public record ConsoleConfig(Map map, int suppressionHours) {

    /**
     * @param tileUrl          raster tile template with {z}, {x}, {y}; null = no tiles (networks without map access)
     * @param baseLayerGeoJson a GeoJSON FeatureCollection drawn under the cameras (district outline); null = the
     *                         demo's synthetic outline when the demo runs, else none
     * @param centerLat        null = centre on the cameras
     */
    public record Map(String tileUrl, String attribution, Path baseLayerGeoJson, Double centerLat, Double centerLon,
                      int zoom) {
    }
}
