package city.citywatch.training.flood;

import city.citywatch.analytics.detect.ModelFileException;
import city.citywatch.analytics.flood.FloodSettings;
import city.citywatch.analytics.flood.WaterMask;
import city.citywatch.analytics.flood.WaterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trained water model on the test photos it never saw, and the manifest check that guards its weights. */
class WaterModelTest {
    @Test
    void theMaskOverlapsTheHandDrawnWaterOnTestPhotosItNeverSaw() {
        WaterModel model = ReducedWaterModel.model();
        List<FloodImages.Sample> test = FloodImages.test(ReducedWaterModel.shared());
        assertThat(test).hasSize(27);
        double iou = 0, baseline = 0;
        for (FloodImages.Sample s : test) {
            float[] p = model.waterProbability(s.bgr(), s.width(), s.height());
            iou += MaskScore.of(WaterMask.upsample(p, s.width(), s.height(), FloodSettings.defaults().waterThreshold()), s.water()).iou();
            baseline += MaskScore.of(FloodBenchmark.baseline(s), s.water()).iou();
        }
        iou /= test.size();
        baseline /= test.size();
        // reduced model (6 small trees); the full one is measured by ./citywatch bench flood
        assertThat(iou).as("mean IoU of the reduced model").isGreaterThan(0.5);
        assertThat(iou).as("better than the colour-threshold baseline").isGreaterThan(baseline);
    }

    @Test
    void theRuntimeLoadsTheTrainingsOutputThroughItsManifestAndRefusesAlteredWeights(@TempDir Path tmp) throws Exception {
        Path dir = ReducedWaterModel.dir();
        WaterModel loaded = WaterModel.load(dir);
        assertThat(loaded.spec().name()).isEqualTo(WaterModel.NAME);
        assertThat(loaded.spec().sha256()).hasSize(64);

        // both passes are guarded: altering either weight file is refused
        for (String altered : List.of(FloodTrainer.WEIGHTS, FloodTrainer.FIRST_PASS_WEIGHTS)) {
            Path copy = Files.createDirectories(tmp.resolve("model-" + altered));
            for (String f : List.of("manifest.json", FloodTrainer.WEIGHTS, FloodTrainer.FIRST_PASS_WEIGHTS)) {
                Files.copy(dir.resolve(f), copy.resolve(f));
            }
            Files.write(copy.resolve(altered), new byte[]{1}, StandardOpenOption.APPEND);
            assertThatThrownBy(() -> WaterModel.load(copy)).isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("wrong sha256").hasMessageContaining(altered);
        }

        // a manifest of the old single-pass format names what is missing and how to fix it
        Path old = Files.createDirectories(tmp.resolve("single-pass"));
        Files.copy(dir.resolve(FloodTrainer.WEIGHTS), old.resolve(FloodTrainer.WEIGHTS));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(old.resolve("manifest.json"), manifest.replace(WaterModel.FIRST_PASS_TASK, "something-else"));
        assertThatThrownBy(() -> WaterModel.load(old)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(WaterModel.FIRST_PASS_TASK).hasMessageContaining("./citywatch train flood");

        assertThatThrownBy(() -> WaterModel.load(tmp.resolve("nowhere"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("./citywatch train flood");
    }
}
