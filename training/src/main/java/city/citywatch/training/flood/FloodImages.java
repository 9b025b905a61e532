package city.citywatch.training.flood;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The flood-area segmentation set of the shared data folder: {@code train/} (what the model learns from) and the 27
 * street-level test images beside it (what it is judged on, never trained on).
 */
public final class FloodImages {
    /** One photo with its hand-drawn mask ({@code true} = water, mask value > 127). */
    public record Sample(String id, int width, int height, byte[] bgr, boolean[] water) {
    }

    private FloodImages() {
    }

    public static Path root(Path shared) {
        return shared.resolve("data").resolve("flood-area-segmentation");
    }

    public static List<Sample> train(Path shared) {
        return load(root(shared).resolve("train"));
    }

    public static List<Sample> test(Path shared) {
        return load(root(shared));
    }

    /** Pairs {@code Image/<id>.jpg} with {@code Mask/<id>.png}, sorted by id. */
    public static List<Sample> load(Path dir) {
        Path images = dir.resolve("Image");
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("flood image folder not found: " + images
                    + " (the shared data folder is set with CITYWATCH_SHARED)");
        }
        try (Stream<Path> files = Files.list(images)) {
            List<Sample> out = new ArrayList<>();
            for (Path img : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                String id = img.getFileName().toString().replace(".jpg", "");
                Path mask = dir.resolve("Mask").resolve(id + ".png");
                if (!Files.isRegularFile(mask)) continue;
                out.add(sample(id, img, mask));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + images, e);
        }
    }

    private static Sample sample(String id, Path img, Path maskFile) throws IOException {
        BufferedImage photo = read(img);
        BufferedImage mask = read(maskFile);
        int w = photo.getWidth(), h = photo.getHeight();
        if (mask.getWidth() != w || mask.getHeight() != h) {
            throw new IllegalArgumentException("mask " + maskFile + " is " + mask.getWidth() + "x" + mask.getHeight()
                    + " but its image is " + w + "x" + h);
        }
        boolean[] water = new boolean[w * h];
        var raster = mask.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) water[y * w + x] = raster.getSample(x, y, 0) > 127;
        }
        return new Sample(id, w, h, bgr(photo), water);
    }

    /** ImageIO for JPEG/PNG; FFmpeg for what ImageIO cannot read (some upstream ".jpg" files are WebP). */
    static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image != null) return image;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null) throw new IOException("no picture in " + file);
            BufferedImage decoded = converter.convert(frame);
            BufferedImage copy = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            copy.getGraphics().drawImage(decoded, 0, 0, null);
            return copy;
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
        }
    }

    /** Packed BGR24, the layout of a decoded video frame. */
    public static byte[] bgr(BufferedImage image) {
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }
}
