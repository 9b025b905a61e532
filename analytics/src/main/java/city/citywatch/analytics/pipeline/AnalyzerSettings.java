package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.detect.FocusSettings;
import city.citywatch.analytics.event.EventEngineSettings;
import city.citywatch.analytics.parking.ParkingSettings;
import city.citywatch.analytics.quality.QualitySettings;
import city.citywatch.analytics.track.TrackerSettings;

import java.util.Objects;

/** Everything a {@link CameraAnalyzer} needs besides its camera, detector and outputs. */
public record AnalyzerSettings(FocusSettings focus, TrackerSettings tracker, ParkingSettings parking,
                               EventEngineSettings events, QualitySettings quality) {
    public AnalyzerSettings {
        Objects.requireNonNull(focus, "focus");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(parking, "parking");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(quality, "quality");
    }

    /** With the default video-quality diagnosis. */
    public AnalyzerSettings(FocusSettings focus, TrackerSettings tracker, ParkingSettings parking,
                            EventEngineSettings events) {
        this(focus, tracker, parking, events, QualitySettings.defaults());
    }

    public AnalyzerSettings withQuality(QualitySettings newQuality) {
        return new AnalyzerSettings(focus, tracker, parking, events, newQuality);
    }

    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(FocusSettings.defaults(), TrackerSettings.defaults(), ParkingSettings.defaults(),
                EventEngineSettings.defaults());
    }
}
