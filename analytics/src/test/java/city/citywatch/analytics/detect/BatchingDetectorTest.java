package city.citywatch.analytics.detect;

import city.citywatch.analytics.testdata.HighwayVideo;
import city.citywatch.analytics.testdata.Images;
import city.citywatch.analytics.testdata.SharedModels;
import city.citywatch.core.detection.BoundingBox;
import city.citywatch.core.detection.Detection;
import city.citywatch.core.video.VideoFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Detector calls batched across cameras give each camera exactly what a call of its own gives, on real images. */
class BatchingDetectorTest {
    private static final List<String> IMAGES = List.of("darknet_dog_bicycle_truck.jpg", "parking_person_bicycle_car.png",
            "parking_topdown_two_cars.png", "synthetic_plate_and_sign.png");
    private static List<DetectionRequest> requests;

    /** The real detector, recording the size of every call it gets. */
    private static final class Recording implements Detector {
        final Detector real;
        final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());

        Recording(Detector real) {
            this.real = real;
        }

        @Override
        public List<Detection> detect(DetectionRequest request) {
            callSizes.add(1);
            return real.detect(request);
        }

        @Override
        public List<List<Detection>> detectBatch(List<DetectionRequest> r) {
            callSizes.add(r.size());
            return real.detectBatch(r);
        }

        @Override
        public String modelName() {
            return real.modelName();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @BeforeAll
    static void frames() throws Exception {
        List<DetectionRequest> r = new ArrayList<>();
        for (String name : IMAGES) r.add(DetectionRequest.fullFrame(Images.frame(SharedModels.image(name))));
        List<VideoFrame> highway = HighwayVideo.sample(10.0);
        // highway frames with the demo zone's focus tiles, as the parking rule asks for them
        BoundingBox tile = new BoundingBox(280, 150, 440, 290);
        for (int i = 0; i < 4; i++) r.add(new DetectionRequest(highway.get(2 + i), List.of(tile)));
        requests = List.copyOf(r);
    }

    @Test
    void eightCamerasAskingAtOnceGetOneBatchedCallAndTheirOwnDetections() throws Exception {
        for (String model : List.of(DetectorSettings.PICODET, DetectorSettings.YOLOX)) {
            Recording recording = new Recording(DetectorFactory.create(DetectorSettings.of(model, SharedModels.modelsDir())));
            List<List<Detection>> alone = new ArrayList<>();
            for (DetectionRequest r : requests) alone.add(recording.real.detect(r));
            assertThat(alone).as("the images have objects to compare").allMatch(d -> !d.isEmpty());

            // a long wait, so that all eight cameras' frames join one call even on a loaded machine
            try (BatchingDetector batching = new BatchingDetector(recording, new BatchSettings(8, Duration.ofSeconds(1), 1))) {
                ExecutorService cameras = Executors.newFixedThreadPool(requests.size());
                try {
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<List<Detection>>> results = new ArrayList<>();
                    for (DetectionRequest r : requests) {
                        results.add(cameras.submit(() -> {
                            start.await();
                            return batching.detect(r);
                        }));
                    }
                    start.countDown();
                    for (int i = 0; i < requests.size(); i++) {
                        assertThat(results.get(i).get(2, TimeUnit.MINUTES)).as("%s request %d", model, i)
                                .isEqualTo(alone.get(i));
                    }
                } finally {
                    cameras.shutdownNow();
                }
                assertThat(recording.callSizes).as("%s call sizes", model).hasSizeLessThan(requests.size());
                assertThat(recording.callSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
                assertThat(recording.callSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(requests.size());
            }
        }
    }

    @Test
    void aBatchNeverExceedsItsMaximumAndAllResultsComeBackInOrder() {
        Recording recording = new Recording(DetectorFactory.create(DetectorSettings.defaults(SharedModels.modelsDir())));
        List<List<Detection>> alone = requests.stream().map(recording.real::detect).toList();
        try (BatchingDetector batching = new BatchingDetector(recording, new BatchSettings(3, Duration.ofMillis(50), 2))) {
            assertThat(batching.detectBatch(requests)).isEqualTo(alone);
            assertThat(recording.callSizes).allMatch(n -> n <= 3);
        }
    }

    @Test
    void closingFailsWhatIsStillQueuedAndRefusesNewRequestsWithAClearMessage() {
        Recording recording = new Recording(DetectorFactory.create(DetectorSettings.defaults(SharedModels.modelsDir())));
        BatchingDetector batching = new BatchingDetector(recording, new BatchSettings(1, Duration.ZERO, 1));
        List<CompletableFuture<List<Detection>>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) queued.add(batching.submit(requests.get(i % requests.size())));
        batching.close();
        // each either ran before the close or failed: none is left waiting
        for (CompletableFuture<List<Detection>> f : queued) assertThat(f).isDone();
        assertThat(queued).anyMatch(CompletableFuture::isCompletedExceptionally);
        assertThatThrownBy(() -> batching.detect(requests.getFirst())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("detector closed: picodet-s-416-coco");
        assertThatThrownBy(() -> recording.real.detect(requests.getFirst())).as("the model is released")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStagedGraphsDeclareAFixedBatchOfOne() throws Exception {
        // why a batch runs image by image inside one call: ONNX Runtime refuses any other batch size for these graphs
        ai.djl.engine.Engine.getEngine("OnnxRuntime"); // DJL creates the process's one ORT environment; share it
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        for (String file : List.of("picodet-s-416-coco/picodet_s_416_coco.onnx", "yolox-nano-coco/yolox_nano.onnx")) {
            try (ai.onnxruntime.OrtSession s = env.createSession(SharedModels.modelsDir().resolve(file).toString())) {
                ai.onnxruntime.TensorInfo input = (ai.onnxruntime.TensorInfo) s.getInputInfo().values().iterator().next().getInfo();
                assertThat(input.getShape()).as(file).containsExactly(1, 3, 416, 416);
            }
        }
    }

    @Test
    void settingsNameTheKey() {
        assertThatThrownBy(() -> new BatchSettings(0, Duration.ofMillis(5), 1))
                .hasMessage("detectorBatch.maxBatch: must be in [1, 64], got 0");
        assertThatThrownBy(() -> new BatchSettings(4, Duration.ofSeconds(2), 1))
                .hasMessageStartingWith("detectorBatch.maxWaitMillis: must be in [0, 1000]");
        assertThatThrownBy(() -> new BatchSettings(4, Duration.ofMillis(5), 0))
                .hasMessage("detectorBatch.workers: must be in [1, 256], got 0");
    }
}
