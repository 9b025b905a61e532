package city.citywatch.analytics.flood;

import city.citywatch.core.video.VideoFrame;
import city.citywatch.core.zone.Point;
import city.citywatch.core.zone.Zone;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static city.citywatch.analytics.flood.WaterFeatures.GRID_H;
import static city.citywatch.analytics.flood.WaterFeatures.GRID_W;

/** The evidence picture of a flood: the frame with the water the rule counted tinted blue and the zone outlined. */
public final class FloodSnapshot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FloodSnapshot() {
    }

    public static byte[] render(VideoFrame frame, Zone zone, boolean[] waterCells, String caption) {
        int w = frame.width(), h = frame.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.bgr(), 0, px, 0, px.length);
        // blend 50 % towards blue on every pixel of a water cell
        for (int y = 0; y < h; y++) {
            int gy = Math.min(GRID_H - 1, y * GRID_H / h);
            for (int x = 0; x < w; x++) {
                if (!waterCells[gy * GRID_W + Math.min(GRID_W - 1, x * GRID_W / w)]) continue;
                int i = (y * w + x) * 3;
                px[i] = (byte) (((px[i] & 0xff) + 255) / 2);
                px[i + 1] = (byte) ((px[i + 1] & 0xff) / 2);
                px[i + 2] = (byte) ((px[i + 2] & 0xff) / 2);
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            var pts = zone.polygon().points();
            int[] xs = new int[pts.size()], ys = new int[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                Point p = pts.get(i);
                xs[i] = (int) Math.round(p.x() * w);
                ys[i] = (int) Math.round(p.y() * h);
            }
            g.setColor(Color.YELLOW);
            g.setStroke(new BasicStroke(2f));
            g.drawPolygon(xs, ys, xs.length);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 40)));
            g.setColor(Color.BLACK);
            g.drawString(caption, 9, h / 40 + 13);
            g.setColor(Color.YELLOW);
            g.drawString(caption, 8, h / 40 + 12);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        }
        return out.toByteArray();
    }
}
