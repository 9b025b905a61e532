package city.citywatch.api.http.console;

/**
 * What the console's map draws: raster tiles when the deployment has a tile server, else (or also) a plain base
 * layer from a GeoJSON file, centred on the configured point or on the cameras.
 *
 * @param baseLayerGeoJson the FeatureCollection as JSON text, read once at start; null = none
 */
public record MapSettings(String tileUrl, String attribution, String baseLayerGeoJson, Double centerLat,
                          Double centerLon, int zoom) {
    public static final MapSettings NONE = new MapSettings(null, null, null, null, null, 15);
}
