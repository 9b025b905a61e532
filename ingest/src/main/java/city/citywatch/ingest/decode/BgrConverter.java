package city.citywatch.ingest.decode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Converts decoded pictures to packed BGR24 (what the detectors read) with swscale, scaling on the way if an
 * output size is set. Reuses one native output buffer; not thread-safe.
 */
final class BgrConverter implements AutoCloseable {
    /**
     * Filter of the detector plane, chosen against the detectors' Java resampler (the path the models were validated
     * on) on real frames (DetectorPlaneEquivalenceTest) and for cost (bench detector-plane): area is the closest in
     * pixels on a 720p stream's 3x downscale and the cheapest of the three tried; bilinear matched detections about
     * as well but costs up to twice as much here; fast bilinear was the furthest off.
     */
    static final int PLANE_FILTER = SWS_AREA;

    private final int outWidth;
    private final int outHeight;
    private final int planeFilter;
    private final Output picture = new Output();
    private final Output plane = new Output();

    /** @param outWidth 0 with outHeight 0: keep the source size */
    BgrConverter(int outWidth, int outHeight) {
        this(outWidth, outHeight, PLANE_FILTER);
    }

    BgrConverter(int outWidth, int outHeight, int planeFilter) {
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.planeFilter = planeFilter;
    }

    /**
     * The whole picture scaled to {@code w x h} BGR24 straight from the decoder's planes (one more swscale pass
     * over the source, which is already in cache from {@link #convert}).
     */
    byte[] convertScaled(AVFrame frame, int w, int h) {
        return plane.scale(frame, w, h, planeFilter);
    }

    /** One swscale context and native output buffer (one for the picture, one for the detector plane). */
    private static final class Output implements AutoCloseable {
        private SwsContext sws;
        private BytePointer out;
        private int w, h;
        // swscale reads four plane pointers and strides whatever the format
        private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);
        private final IntPointer strides = new IntPointer(4);

        byte[] scale(AVFrame frame, int width, int height, int filter) {
            sws = sws_getCachedContext(sws, frame.width(), frame.height(), frame.format(), width, height,
                    AV_PIX_FMT_BGR24, filter, null, null, (DoublePointer) null);
            if (sws == null) {
                throw new IllegalStateException("swscale cannot convert " + frame.width() + "x" + frame.height()
                        + " pixel format " + frame.format() + " to BGR24 " + width + "x" + height);
            }
            if (out == null || width != w || height != h) {
                if (out != null) out.close();
                out = new BytePointer((long) width * height * 3);
                w = width;
                h = height;
                planes.put(0, out);
                strides.put(0, width * 3);
            }
            sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), planes, strides);
            byte[] pixels = new byte[width * height * 3];
            out.position(0).get(pixels);
            return pixels;
        }

        @Override
        public void close() {
            if (sws != null) {
                sws_freeContext(sws);
                sws = null;
            }
            if (out != null) {
                out.close();
                out = null;
            }
            planes.close();
            strides.close();
        }
    }

    /** Packed BGR pixels of {@code frame}; {@link #width()} and {@link #height()} give the size. */
    byte[] convert(AVFrame frame) {
        int w = outWidth > 0 ? outWidth : frame.width();
        int h = outHeight > 0 ? outHeight : frame.height();
        return picture.scale(frame, w, h, SWS_BILINEAR);
    }

    int width() {
        return picture.w;
    }

    int height() {
        return picture.h;
    }

    @Override
    public void close() {
        picture.close();
        plane.close();
    }
}
