package city.citywatch.ingest.onvif;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Onboarding a camera from its ONVIF device: the whole Profile S sequence (GetSystemDateAndTime, GetDeviceInformation,
 * GetCapabilities/GetServices, GetProfiles, GetStreamUri per chosen profile, GetSnapshotUri) and the choice of
 * streams. Main = the profile with the most pixels (recording and clips want the best picture); analysis = the
 * smallest other profile still at least {@value #MIN_ANALYSIS_WIDTH} px wide, because the detector scales to
 * ≈ 416 px anyway and decoding a sub-stream costs a fraction of the main one. Either can be named explicitly.
 */
public final class StreamLookup {
    /** Below this a picture has too few pixels for vehicles at distance, whatever the detector's input size. */
    public static final int MIN_ANALYSIS_WIDTH = 320;

    private StreamLookup() {
    }

    /**
     * @param mainToken     profile token to record from, or null to pick the biggest
     * @param analysisToken profile token to analyse, or null to pick a sub-stream when there is one
     * @param withCredentials put the ONVIF user and password into the RTSP addresses (devices use the same account
     *                      for RTSP; the platform redacts the password wherever it shows a stream address)
     */
    public static CameraStreams lookup(OnvifClient client, String mainToken, String analysisToken,
                                       String username, String password, boolean withCredentials) {
        client.getSystemDateAndTime();
        DeviceInformation info = client.getDeviceInformation();
        List<MediaProfile> profiles = client.getProfiles();
        MediaProfile main = mainToken != null ? byToken(profiles, mainToken, "mainProfile")
                : profiles.stream().max(Comparator.comparingLong(MediaProfile::pixels)).orElseThrow();
        MediaProfile analysis = analysisToken != null ? byToken(profiles, analysisToken, "analysisProfile")
                : subStream(profiles, main).orElse(null);
        if (analysis != null && analysis.token().equals(main.token())) analysis = null;
        URI mainUri = client.getStreamUri(main.token());
        URI analysisUri = analysis == null ? null : client.getStreamUri(analysis.token());
        URI snapshot;
        try {
            snapshot = client.getSnapshotUri(main.token());
        } catch (OnvifException e) {
            if (e.kind() != OnvifException.Kind.FAULT) throw e;
            snapshot = null; // snapshots are optional in Profile S
        }
        if (withCredentials && username != null && !username.isEmpty()) {
            mainUri = withUser(mainUri, username, password);
            analysisUri = analysisUri == null ? null : withUser(analysisUri, username, password);
        }
        return new CameraStreams(info, client.clockOffset(), profiles, main, mainUri, analysis, analysisUri, snapshot);
    }

    /** The smallest profile below {@code main}'s size that is still wide enough to analyse. */
    static Optional<MediaProfile> subStream(List<MediaProfile> profiles, MediaProfile main) {
        return profiles.stream()
                .filter(p -> !p.token().equals(main.token()))
                .filter(p -> p.pixels() > 0 && p.pixels() < main.pixels() && p.width() >= MIN_ANALYSIS_WIDTH)
                .min(Comparator.comparingLong(MediaProfile::pixels));
    }

    private static MediaProfile byToken(List<MediaProfile> profiles, String token, String field) {
        return profiles.stream().filter(p -> p.token().equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + ": the device has no profile '" + token
                        + "'; it has " + profiles.stream().map(MediaProfile::token).toList()));
    }

    private static URI withUser(URI uri, String user, String password) {
        if (uri.getRawUserInfo() != null) return uri;
        String userInfo = enc(user) + ":" + enc(password == null ? "" : password);
        try {
            return new URI(uri.getScheme() + "://" + userInfo + "@" + uri.getRawAuthority()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a valid URI with encoded user info stays valid", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
