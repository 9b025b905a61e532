package city.citywatch.ingest.onvif;

import java.net.URI;
import java.util.List;

/**
 * What onboarding a camera needs from its ONVIF device: which profile records (main: the biggest picture) and
 * which one analysis decodes (a smaller sub-stream, when the device offers one), with their RTSP addresses.
 *
 * @param analysisProfile null when the device offers no suitable sub-stream (analysis then decodes the main stream)
 * @param analysisStreamUri null with it
 * @param snapshotUri null if the device has no snapshot service
 */
public record CameraStreams(DeviceInformation device, java.time.Duration clockOffset, List<MediaProfile> profiles,
                            MediaProfile mainProfile, URI mainStreamUri, MediaProfile analysisProfile,
                            URI analysisStreamUri, URI snapshotUri) {
    public CameraStreams {
        profiles = List.copyOf(profiles);
    }

    /** Keeps stream credentials out of logs. */
    @Override
    public String toString() {
        return "CameraStreams[device=" + device + ", main=" + mainProfile + ", analysis=" + analysisProfile + "]";
    }
}
