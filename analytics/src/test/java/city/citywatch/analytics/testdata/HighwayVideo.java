package city.citywatch.analytics.testdata;

import city.citywatch.core.config.SharedFolder;
import city.citywatch.analytics.bench.DemoScene;
import city.citywatch.core.video.VideoFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The RoadTrack highway clip (640x540, 10 fps) decoded with JavaCV like ingest does, sampled at one frame per second
 * of video time, the rate the parking rule runs at. Frame timestamps are video time from {@link #EPOCH}.
 */
public final class HighwayVideo {
    public static final Instant EPOCH = Instant.parse("2025-04-14T01:18:00Z");
    public static final String CAMERA_ID = "k295-179";

    private HighwayVideo() {
    }

    public static Path file() {
        return DemoScene.video(SharedFolder.resolve());
    }

    /** Frames whose presentation time is the first at or after each whole {@code everySeconds}. */
    public static List<VideoFrame> sample(double everySeconds) throws Exception {
        return sample(file(), everySeconds);
    }

    public static List<VideoFrame> sample(Path video, double everySeconds) throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            g.start();
            double next = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                double t = f.timestamp / 1e6;
                if (t + 1e-6 < next) continue;
                next += everySeconds;
                int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
                ByteBuffer buf = (ByteBuffer) f.image[0];
                byte[] bgr = new byte[w * h * 3];
                for (int y = 0; y < h; y++) {
                    buf.position(y * stride);
                    buf.get(bgr, y * w * 3, w * 3);
                }
                out.add(new VideoFrame(CAMERA_ID, EPOCH.plusMillis(Math.round(t * 1000)), f.timestamp, w, h, bgr));
            }
            g.stop();
        }
        return out;
    }
}
