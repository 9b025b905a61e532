package city.citywatch.api.app;

import city.citywatch.analytics.detect.DetectionTranslator;
import city.citywatch.analytics.detect.Detector;
import city.citywatch.analytics.detect.DetectorFactory;
import city.citywatch.analytics.detect.DetectorSettings;
import city.citywatch.analytics.detect.ImageRegion;
import city.citywatch.analytics.detect.PicoDetTranslator;
import city.citywatch.analytics.detect.YoloxTranslator;
import city.citywatch.core.config.SharedFolder;
import city.citywatch.core.detection.CocoClasses;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.DetectorInputSize;
import city.citywatch.core.video.VideoFrame;
import city.citywatch.ingest.decode.AnalysisDecoder;
import city.citywatch.ingest.rtsp.RtspConnection;
import city.citywatch.ingest.rtsp.StreamAddress;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's full-frame pass on the plane the decoder scaled with swscale finds what it finds when it resamples
 * the full-resolution frame in Java: same frames (each delivered frame carries both), same objects. Real RTSP
 * stream, real decoder, real models.
 */
class DetectorPlaneEquivalenceTest {
    /** Detections this confident must be found by both paths; weaker ones may fall under the threshold in one. */
    private static final double CONFIDENT = 0.5;
    private static final double MIN_IOU = 0.9;
    private static final double SCORE_TOLERANCE = 0.1;
    /**
     * Share of confident detections that must have a counterpart within {@link #MIN_IOU} and
     * {@link #SCORE_TOLERANCE}: bilinear (swscale) and bilinear (Java) differ by about one grey level, which can move
     * a 10 px wide pedestrian's box by a pixel (IoU 0.85) or let NMS keep the neighbour of two overlapping people.
     */
    private static final double MIN_MATCHED = 0.95;
    /** Mean difference of the network inputs, in grey levels (0-255), of the two paths. */
    private static final double MAX_MEAN_LEVEL_DIFF = 2.0;
    private static final int FRAMES = 10;
    /** Pedestrians crossing a square, 480x360 H.264 (what the crowd analysis looks at). */
    private static final String PETS = "data/pets2009-s2l1/video/pets2009_s2l1_view001_480x360.mp4";

    private static RtspTestServer server;

    @BeforeAll
    static void startCamera() {
        Path cache = Path.of("target", "test-videos");
        server = RtspTestServer.start(Map.of("/highway-720p", TestVideos.highway720p25(cache),
                "/pets", SharedFolder.resolve().resolve(PETS)), List.of());
    }

    @AfterAll
    static void stopCamera() {
        if (server != null) server.close();
    }

    @ParameterizedTest
    @CsvSource({"/pets, " + DetectorSettings.PICODET, "/pets, " + DetectorSettings.YOLOX})
    void fullFramePassOnTheSwscalePlaneFindsTheSameObjectsAsJavaResampling(String mount, String model) throws Exception {
        try (Detector detector = DetectorFactory.create(DetectorSettings.of(model, SharedFolder.resolve().resolve("models")))) {
            DetectorInputSize input = detector.wholeFrameInput().orElseThrow();
            List<VideoFrame> frames = decode(mount, input);
            assertThat(frames).hasSize(FRAMES);
            VideoFrame first = frames.getFirst();
            assertThat(first.detectorPlane()).isNotNull();
            assertThat(first.detectorPlane().width()).isEqualTo(input.scaledWidth(first.width(), first.height()));
            assertThat(first.detectorPlane().height()).isEqualTo(input.scaledHeight(first.width(), first.height()));

            DetectionTranslator translator = model.equals(DetectorSettings.PICODET)
                    ? new PicoDetTranslator(List.of(), 0.1) : new YoloxTranslator(List.of(), 0.1);
            double tensorDiff = meanTensorDiff(translator, frames);
            int confident = 0;
            double iouSum = 0, scoreDiffSum = 0;
            List<String> mismatches = new ArrayList<>();
            for (VideoFrame withPlane : frames) {
                List<Detection> fromPlane = detector.detect(withPlane);
                List<Detection> fromJava = detector.detect(withoutPlane(withPlane));
                for (var pair : List.of(List.of(fromJava, fromPlane), List.of(fromPlane, fromJava))) {
                    for (Detection d : pair.get(0)) {
                        if (d.score() < CONFIDENT || !analysed(d)) continue;
                        confident++;
                        Detection best = bestMatch(d, pair.get(1));
                        double iou = best == null ? 0 : d.box().iou(best.box());
                        double scoreDiff = best == null ? d.score() : Math.abs(d.score() - best.score());
                        iouSum += iou;
                        scoreDiffSum += scoreDiff;
                        if (iou < MIN_IOU || scoreDiff > SCORE_TOLERANCE) mismatches.add(d + " vs " + best);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s %s: %d confident detections, %d mismatched, mean IoU %.3f, mean |score diff| %.4f,"
                            + " mean |input diff| %.3f grey levels%n", mount, model, confident, mismatches.size(), iouSum / confident,
                    scoreDiffSum / confident, levelDiff(translator, tensorDiff));
            // pedestrians on a square: the comparison is about real objects, not two empty lists
            assertThat(confident).as("confident detections on %s", mount).isGreaterThanOrEqualTo(10 * FRAMES);
            assertThat(1.0 - (double) mismatches.size() / confident)
                    .as("%s %s: share of detections with a counterpart (IoU >= %s, score within %s); without: %s", mount, model,
                            MIN_IOU, SCORE_TOLERANCE, mismatches).isGreaterThanOrEqualTo(MIN_MATCHED);
            assertThat(iouSum / confident).as("mean IoU").isGreaterThanOrEqualTo(0.95);
            assertThat(scoreDiffSum / confident).as("mean score difference").isLessThan(0.01);
            assertThat(levelDiff(translator, tensorDiff)).isLessThanOrEqualTo(MAX_MEAN_LEVEL_DIFF);
        }
    }

    /**
     * A camera's main stream (1280x720: the plane is a 3x downscale, letterboxed to 416x234 for YOLOX, stretched to
     * 416x416 for PicoDet): the network inputs from both paths differ by at most a grey level or two on average.
     * (The highway's cars are too small for confident full-frame detections; the focus tiles find them.)
     */
    @ParameterizedTest
    @CsvSource({DetectorSettings.PICODET, DetectorSettings.YOLOX})
    void swscalePlaneOfA720pStreamMatchesTheJavaResampledInput(String model) throws Exception {
        DetectionTranslator translator = model.equals(DetectorSettings.PICODET)
                ? new PicoDetTranslator(List.of(), 0.1) : new YoloxTranslator(List.of(), 0.1);
        List<VideoFrame> frames = decode("/highway-720p", translator.wholeFrameInput());
        assertThat(frames).hasSize(FRAMES);
        assertThat(frames.getFirst().width()).isEqualTo(1280);
        double diff = levelDiff(translator, meanTensorDiff(translator, frames));
        System.out.printf(Locale.ROOT, "/highway-720p %s: mean |input diff| %.3f grey levels%n", model, diff);
        assertThat(diff).isLessThanOrEqualTo(MAX_MEAN_LEVEL_DIFF);
    }

    /** Mean absolute difference per input element between the plane path and the Java path, in tensor units. */
    private static double meanTensorDiff(DetectionTranslator translator, List<VideoFrame> frames) {
        double tensorDiff = 0;
        for (VideoFrame f : frames) {
            assertThat(f.detectorPlane()).isNotNull();
            float[] plane = translator.inputTensor(ImageRegion.whole(f)).clone();
            float[] java = translator.inputTensor(ImageRegion.whole(withoutPlane(f)));
            double sum = 0;
            for (int i = 0; i < plane.length; i++) sum += Math.abs(plane[i] - java[i]);
            tensorDiff += sum / plane.length / frames.size();
        }
        return tensorDiff;
    }

    /** PicoDet's inputs are divided by a std of about 57 grey levels; YOLOX's are raw levels. */
    private static double levelDiff(DetectionTranslator translator, double tensorDiff) {
        return translator instanceof PicoDetTranslator ? tensorDiff * 57.4 : tensorDiff;
    }

    private static VideoFrame withoutPlane(VideoFrame f) {
        return new VideoFrame(f.cameraId(), f.capturedAt(), f.ptsMicros(), f.width(), f.height(), f.bgr());
    }

    private static List<VideoFrame> decode(String mount, DetectorInputSize input) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        try (RtspConnection conn = RtspConnection.open(new StreamAddress(server.uri(mount)), "tcp", Duration.ofSeconds(5),
                Duration.ofSeconds(10), 1);
             AnalysisDecoder decoder = new AnalysisDecoder("cam-plane", conn.stream(), 2.0, 0, 0, input, frames::add)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (frames.size() < FRAMES && System.nanoTime() < deadline) decoder.onPacket(conn.read());
        }
        return frames.subList(0, Math.min(FRAMES, frames.size()));
    }

    /** The classes CityWatch's rules act on; the full frame of a highway also yields unstable "train" guesses. */
    private static boolean analysed(Detection d) {
        return d.classId() == CocoClasses.PERSON || CocoClasses.isVehicle(d.classId());
    }

    private static Detection bestMatch(Detection d, List<Detection> others) {
        Detection best = null;
        double bestIou = 0;
        for (Detection o : others) {
            if (o.classId() != d.classId()) continue;
            double iou = d.box().iou(o.box());
            if (iou > bestIou) {
                bestIou = iou;
                best = o;
            }
        }
        return best;
    }
}
