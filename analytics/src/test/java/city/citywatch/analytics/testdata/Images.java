package city.citywatch.analytics.testdata;

import city.citywatch.core.video.VideoFrame;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Test images as the {@link VideoFrame}s ingest would hand over (packed BGR). */
public final class Images {
    private Images() {
    }

    public static VideoFrame frame(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException("not an image: " + file);
        int w = img.getWidth(), h = img.getHeight();
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                bgr[i] = (byte) rgb;
                bgr[i + 1] = (byte) (rgb >> 8);
                bgr[i + 2] = (byte) (rgb >> 16);
            }
        }
        return new VideoFrame("test", Instant.EPOCH, 0, w, h, bgr);
    }
}
