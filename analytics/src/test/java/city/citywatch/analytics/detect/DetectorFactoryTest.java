package city.citywatch.analytics.detect;

import city.citywatch.analytics.testdata.SharedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorFactoryTest {
    private static final String PICODET_SHA = "cdab77bdde16e4f76bec734c4e5791801d1739e4c7ec1995e0e110e04300d0c2";

    @Test
    void manifestOnTheClasspathListsTheStagedModels() {
        ModelManifest m = ModelManifest.load();
        assertThat(m.models()).extracting(ModelSpec::name)
                .contains("picodet-s-416-coco", "yolox-nano-coco", "ppocrv4-det", "ppocrv4-rec");
        ModelSpec pico = m.require("picodet-s-416-coco");
        assertThat(pico.sha256()).isEqualTo(PICODET_SHA);
        assertThat(pico.licence()).isEqualTo("Apache-2.0");
        assertThat(pico.input()).containsEntry("channels", "RGB");
    }

    @Test
    void theSharedWeightsMatchTheManifest() {
        ModelManifest m = ModelManifest.load();
        for (String name : new String[]{"picodet-s-416-coco", "yolox-nano-coco"}) {
            Path p = ModelFiles.verifiedWeights(m.require(name), SharedModels.modelsDir());
            assertThat(p).isRegularFile();
            assertThat(ModelFiles.labels(m.require(name), SharedModels.modelsDir())).hasSize(80).startsWith("person", "bicycle", "car");
        }
    }

    @Test
    void unknownModelNameListsTheKnownOnes() {
        assertThatThrownBy(() -> DetectorFactory.create(DetectorSettings.of("yolov99", SharedModels.modelsDir())))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("unknown model 'yolov99'")
                .hasMessageContaining("picodet-s-416-coco, yolox-nano-coco");
    }

    @Test
    void missingWeightsSayWhichFileWhichHashAndWhereToGetIt(@TempDir Path dir) {
        assertThatThrownBy(() -> DetectorFactory.create(DetectorSettings.defaults(dir)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not found: " + dir.resolve("picodet-s-416-coco/picodet_s_416_coco.onnx"))
                .hasMessageContaining(PICODET_SHA)
                .hasMessageContaining("hpc203/picodet-onnxruntime");
    }

    @Test
    void wrongWeightsAreRefusedWithExpectedAndActualHash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("picodet-s-416-coco/picodet_s_416_coco.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a model");
        String actual = ModelFiles.sha256(file);
        assertThatThrownBy(() -> DetectorFactory.create(DetectorSettings.defaults(dir)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("wrong sha256")
                .hasMessageContaining("expected " + PICODET_SHA)
                .hasMessageContaining("but is " + actual)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aModelThatIsNotADetectorIsRefused() {
        assertThatThrownBy(() -> DetectorFactory.create(DetectorSettings.of("ppocrv4-det", SharedModels.modelsDir())))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not an object detector");
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new DetectorSettings("picodet-s-416-coco", null, 0.3, 0.5))
                .hasMessageContaining("detector.modelsDir");
        assertThatThrownBy(() -> new DetectorSettings("picodet-s-416-coco", Path.of("m"), 1.5, 0.5))
                .hasMessageContaining("detector.scoreThreshold: must be in (0, 1), got 1.5");
    }
}
