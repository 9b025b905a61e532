package city.citywatch.analytics.quality;

import city.citywatch.analytics.testdata.HighwayVideo;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.video.VideoFrame;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real video clips of the shared data folder, decoded once per test run at one frame per second. */
final class RealClips {
    static final List<String> ALL = List.of(
            "data/roadtrack-highway-parking/video/04-14_09_K295_179.mp4",
            "data/pets2009-s2l1/video/pets2009_s2l1_view001_480x360.mp4",
            "data/aboda-video4/video4.avi");
    private static final Map<String, List<VideoFrame>> DECODED = new ConcurrentHashMap<>();

    private RealClips() {
    }

    static List<VideoFrame> frames(String clip) {
        return DECODED.computeIfAbsent(clip, c -> {
            try {
                return HighwayVideo.sample(SharedFolder.resolve().resolve(c), 1.0);
            } catch (Exception e) {
                throw new IllegalStateException("cannot decode " + c + ": " + e.getMessage(), e);
            }
        });
    }
}
