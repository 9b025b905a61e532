package city.citywatch.analytics.pipeline;

import city.citywatch.analytics.crowd.CrowdSettings;
import city.citywatch.analytics.debris.DebrisSettings;
import city.citywatch.analytics.detect.FocusSettings;
import city.citywatch.analytics.event.EventEngineSettings;
import city.citywatch.analytics.parking.ParkingSettings;
import city.citywatch.analytics.quality.QualitySettings;
import city.citywatch.analytics.track.TrackerSettings;

import java.util.Objects;

/** Everything a {@link CameraAnalyzer} needs besides its camera, detector and outputs. */
public record AnalyzerSettings(FocusSettings focus, TrackerSettings tracker, ParkingSettings parking,
                               EventEngineSettings events, DebrisSettings debris, CrowdSettings crowd,
                               QualitySettings quality) {
    public AnalyzerSettings {
        Objects.requireNonNull(focus, "focus");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(parking, "parking");
        Objects.requireNonNull(events, "events");
        if (debris == null) debris = DebrisSettings.defaults();
        if (crowd == null) crowd = CrowdSettings.defaults();
        if (quality == null) quality = QualitySettings.defaults();
    }

    /** Debris, crowd and video-quality diagnosis with their defaults. */
    public AnalyzerSettings(FocusSettings focus, TrackerSettings tracker, ParkingSettings parking,
                            EventEngineSettings events) {
        this(focus, tracker, parking, events, null, null, null);
    }

    public AnalyzerSettings withQuality(QualitySettings newQuality) {
        return new AnalyzerSettings(focus, tracker, parking, events, debris, crowd, newQuality);
    }

    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(FocusSettings.defaults(), TrackerSettings.defaults(), ParkingSettings.defaults(),
                EventEngineSettings.defaults());
    }
}
