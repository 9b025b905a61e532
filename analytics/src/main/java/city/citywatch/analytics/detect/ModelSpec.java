package city.citywatch.analytics.detect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * One model of {@code models/manifest.json}.
 *
 * @param file   weight file, relative to the models directory
 * @param labels label file (one class name per line, index = class id), relative to the models directory; may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(String name, String task, String file, String sha256, long size, String labels,
                        String source, String licence, String card, Map<String, Object> input) {
}
