package city.citywatch.analytics.event;

import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.video.VideoFrame;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders an event snapshot: the frame as JPEG with the object's box and a caption drawn on it (headless AWT). */
public final class SnapshotRenderer {
    static {
        // No display on analysis nodes; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
    }

    private static final float QUALITY = 0.9f;

    private SnapshotRenderer() {
    }

    /** The whole frame as evidence (a picture fault), the caption in the top-left corner. */
    public static byte[] render(VideoFrame frame, String caption) {
        BufferedImage img = image(frame);
        Graphics2D g = img.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            g.drawString(caption, 9, 21);
            g.setColor(Color.YELLOW);
            g.drawString(caption, 8, 20);
        } finally {
            g.dispose();
        }
        return jpeg(img);
    }

    private static BufferedImage image(VideoFrame frame) {
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        // TYPE_3BYTE_BGR stores exactly the frame's packed BGR layout
        byte[] raster = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.bgr(), 0, raster, 0, raster.length);
        return img;
    }

    public static byte[] render(VideoFrame frame, BoundingBox box, String caption) {
        return render(frame, List.of(box), caption);
    }

    /** Several boxes (the persons of a crowd); the caption goes with the first. */
    public static byte[] render(VideoFrame frame, List<BoundingBox> boxes, String caption) {
        BufferedImage img = image(frame);
        Graphics2D g = img.createGraphics();
        try {
            // small boxes (a far-away car is 16x20 px) still need to be visible: pad the drawn box a little
            int pad = 3;
            int x = 4, y = 20, h = 0;
            g.setColor(Color.RED);
            g.setStroke(new BasicStroke(2f));
            for (int i = boxes.size() - 1; i >= 0; i--) {
                BoundingBox box = boxes.get(i);
                x = (int) Math.floor(box.x1()) - pad;
                y = (int) Math.floor(box.y1()) - pad;
                int w = (int) Math.ceil(box.width()) + 2 * pad;
                h = (int) Math.ceil(box.height()) + 2 * pad;
                g.drawRect(x, y, w, h);
            }
            if (caption != null && !caption.isEmpty()) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                int ty = y > 16 ? y - 4 : y + h + 14;
                g.setColor(Color.BLACK);
                g.drawString(caption, x + 1, ty + 1);
                g.setColor(Color.YELLOW);
                g.drawString(caption, x, ty);
            }
        } finally {
            g.dispose();
        }
        return jpeg(img);
    }

    private static byte[] jpeg(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
