package city.citywatch.api.bench;

import city.citywatch.analytics.detect.DetectionTranslator;
import city.citywatch.analytics.detect.ImageRegion;
import city.citywatch.analytics.detect.PicoDetTranslator;
import city.citywatch.analytics.detect.YoloxTranslator;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.decode.AnalysisDecoder;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What scaling the detector's full-frame view in the decoder (swscale, {@code VideoFrame.detectorPlane}) costs and
 * saves, per frame of a 1280x720 H.264 stream (the highway clip re-encoded like a city camera's main stream):
 * <ul>
 *   <li>decoder: decode + BGR conversion per frame without a plane, and with the PicoDet (416x416 stretch) or YOLOX
 *   (416x234 letterbox) plane;</li>
 *   <li>detector pre-processing: building the full-frame input tensor by resampling the 1280x720 frame in Java vs
 *   from the plane.</li>
 * </ul>
 * Modes are interleaved over rounds and the median kept, so load changes during the run favour none. One thread.
 * Usage: {@code DetectorPlaneBenchmark [sharedDir]}; last line JSON.
 */
public final class DetectorPlaneBenchmark {
    private static final int ROUNDS = 5;
    private static final int SECONDS = 12;
    private static final int TENSOR_FRAMES = 40;

    private DetectorPlaneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = SharedFolder.resolve(args);
        Path video = camera720p(shared);
        Stream stream = readPackets(video);
        System.out.printf(Locale.ROOT, "%s: %d packets %dx%d, %d rounds, 1 thread%n", video.getFileName(),
                stream.packets.size(), stream.info.width(), stream.info.height(), ROUNDS);

        Map<String, DetectionTranslator> translators = new LinkedHashMap<>();
        translators.put("picodet", new PicoDetTranslator(List.of(), 0.1));
        translators.put("yolox", new YoloxTranslator(List.of(), 0.1));
        Map<String, DetectorInputSize> modes = new LinkedHashMap<>();
        modes.put("none", null);
        translators.forEach((name, t) -> modes.put(name, t.wholeFrameInput()));

        Map<String, double[]> decodeMs = new LinkedHashMap<>();
        Map<String, double[]> javaMs = new LinkedHashMap<>(), planeMs = new LinkedHashMap<>();
        modes.keySet().forEach(m -> decodeMs.put(m, new double[ROUNDS]));
        translators.keySet().forEach(m -> {
            javaMs.put(m, new double[ROUNDS]);
            planeMs.put(m, new double[ROUNDS]);
        });
        Map<String, List<VideoFrame>> sample = new LinkedHashMap<>();
        decode(stream, null, null); // warm-up: JIT, swscale tables
        for (int round = 0; round < ROUNDS; round++) {
            for (var mode : modes.entrySet()) {
                List<VideoFrame> keep = new ArrayList<>();
                decodeMs.get(mode.getKey())[round] = decode(stream, mode.getValue(), keep);
                if (mode.getValue() != null) sample.put(mode.getKey(), keep);
            }
            for (var t : translators.entrySet()) {
                List<VideoFrame> frames = sample.get(t.getKey());
                if (round == 0) tensorMs(t.getValue(), frames, false); // warm-up
                javaMs.get(t.getKey())[round] = tensorMs(t.getValue(), frames, false);
                planeMs.get(t.getKey())[round] = tensorMs(t.getValue(), frames, true);
            }
        }

        double base = median(decodeMs.get("none"));
        System.out.printf(Locale.ROOT, "%n%-8s %-16s %14s %14s %12s %14s %14s %10s %14s%n", "model", "plane",
                "decode ms/fr", "added ms/fr", "decode ratio", "java prep ms", "plane prep ms", "prep ratio", "net saved ms");
        System.out.printf(Locale.ROOT, "%-8s %-16s %14.3f%n", "-", "none", base);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var t : translators.entrySet()) {
            String m = t.getKey();
            VideoFrame f = sample.get(m).getFirst();
            String plane = f.detectorPlane().width() + "x" + f.detectorPlane().height();
            double dec = median(decodeMs.get(m)), java = median(javaMs.get(m)), fromPlane = median(planeMs.get(m));
            double added = dec - base, saved = java - fromPlane - added;
            System.out.printf(Locale.ROOT, "%-8s %-16s %14.3f %14.3f %12.3f %14.3f %14.3f %10.3f %14.3f%n", m, plane,
                    dec, added, dec / base, java, fromPlane, fromPlane / java, saved);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", m);
            row.put("plane", plane);
            row.put("decode_ms_per_frame_without_plane", round3(base));
            row.put("decode_ms_per_frame_with_plane", round3(dec));
            row.put("decoder_added_ms_per_frame", round3(added));
            row.put("decode_ratio_vs_without_plane", round3(dec / base));
            row.put("java_resample_ms_per_frame", round3(java));
            row.put("from_plane_ms_per_frame", round3(fromPlane));
            row.put("preprocess_ratio_vs_java", round3(fromPlane / java));
            row.put("net_saved_ms_per_frame", round3(saved));
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", rows);
        json.put("frame", stream.info.width() + "x" + stream.info.height());
        json.put("rounds", ROUNDS);
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    /** Milliseconds per delivered frame to decode every packet and convert each picture (plus the plane). */
    private static double decode(Stream stream, DetectorInputSize input, List<VideoFrame> keep) {
        int[] delivered = {0};
        long t0 = System.nanoTime();
        // 100 fps: above the stream's rate, so every picture is decoded and converted
        try (AnalysisDecoder decoder = new AnalysisDecoder("bench", stream.info, 100, 0, 0, input, f -> {
            delivered[0]++;
            if (keep != null && keep.size() < TENSOR_FRAMES && delivered[0] % 5 == 0) keep.add(f);
        })) {
            for (EncodedPacket p : stream.packets) decoder.onPacket(p);
        }
        return (System.nanoTime() - t0) / 1e6 / delivered[0];
    }

    /** Milliseconds per frame to build the full-frame input tensor, from the plane or by Java resampling. */
    private static double tensorMs(DetectionTranslator t, List<VideoFrame> frames, boolean fromPlane) {
        long t0 = System.nanoTime();
        for (VideoFrame f : frames) {
            VideoFrame in = fromPlane ? f : new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), f.width(), f.height(), f.bgr());
            t.inputTensor(ImageRegion.whole(in));
        }
        return (System.nanoTime() - t0) / 1e6 / frames.size();
    }

    private record Stream(StreamInfo info, List<EncodedPacket> packets) {
    }

    private static Stream readPackets(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int index = g.getVideoStream();
            AVStream st = g.getFormatContext().streams(index);
            AVCodecParameters par = st.codecpar();
            byte[] extradata = new byte[Math.max(par.extradata_size(), 0)];
            if (extradata.length > 0) par.extradata().get(extradata);
            long frameDuration = Math.max(1, Math.round(st.time_base().den() / (st.time_base().num() * g.getFrameRate())));
            StreamInfo info = new StreamInfo(1, par.codec_id(), avcodec.avcodec_get_name(par.codec_id()).getString(),
                    par.width(), par.height(), extradata, st.time_base().num(), st.time_base().den(), frameDuration);
            List<EncodedPacket> packets = new ArrayList<>();
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if (p.stream_index() == index && p.size() > 0) {
                    byte[] data = new byte[p.size()];
                    p.data().get(data);
                    packets.add(new EncodedPacket(info, p.pts(), p.dts(), (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0,
                            Instant.now(), data));
                }
                avcodec.av_packet_unref(p);
            }
            return new Stream(info, packets);
        }
    }

    /** The highway clip as a city camera's main stream: 1280x720, 25 fps, H.264, GOP 2 s, no B-frames. */
    private static Path camera720p(Path shared) throws Exception {
        Path out = Path.of("target", "bench-videos", "highway-720p25-gop50-" + SECONDS + "s.mp4").toAbsolutePath();
        if (Files.isRegularFile(out) && Files.size(out) > 0) return out;
        Path source = shared.resolve("data/roadtrack-highway-parking/video/04-14_09_K295_179.mp4");
        if (!Files.isRegularFile(source)) throw new IllegalStateException("missing test video " + source);
        Files.createDirectories(out.getParent());
        Path partial = Files.createTempFile(out.getParent(), "highway", ".partial.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-i", source.toString(), "-an", "-t", String.valueOf(SECONDS),
                "-vf", "scale=1280:720,fps=25", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-bf", "0", partial.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg could not encode " + source + " (is ffmpeg installed?)");
        Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
