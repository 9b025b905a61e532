package city.citywatch.ingest.camera;

import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.video.DetectorInputSize;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        IngestSettings d = IngestSettings.defaults();
        assertThat(d.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.rtspTransport()).isEqualTo("tcp");
        assertThat(d.backoffInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.backoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.backoffJitter()).isEqualTo(0.2);
        assertThat(d.bufferLength()).isGreaterThanOrEqualTo(Duration.ofSeconds(25)); // 10 s pre + 10 s post + slack
        assertThat(d.analysisFps()).isEqualTo(1.0);
        assertThat(d.outputWidth()).isZero();
        assertThat(d.detectorInput()).isNull();
    }

    @Test
    void theDetectorInputSurvivesEveryOtherChange() {
        DetectorInputSize yolox = new DetectorInputSize(416, 416, true);
        IngestSettings s = IngestSettings.defaults().withDetectorInput(yolox)
                .withSocketTimeout(Duration.ofSeconds(3)).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.1)
                .withBuffer(Duration.ofSeconds(20), 8L << 20).withWatchdogTimeout(Duration.ofSeconds(4))
                .withAnalysisFps(2).withOutputSize(640, 360);
        assertThat(s.detectorInput()).isEqualTo(yolox);
        assertThat(s.withDetectorInput(null).detectorInput()).isNull();
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        IngestSettings d = IngestSettings.defaults();
        assertThatThrownBy(() -> d.withSocketTimeout(Duration.ZERO))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("socketTimeout: ");
        assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 0.2))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("backoffMax: ");
        assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("backoffJitter: ");
        assertThatThrownBy(() -> d.withAnalysisFps(-1))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("analysisFps: ");
        assertThatThrownBy(() -> d.withAnalysisFps(Double.NaN))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("analysisFps: ");
        assertThatThrownBy(() -> d.withOutputSize(416, 0))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("outputWidth: ");
        assertThatThrownBy(() -> d.withOutputSize(417, 352))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("outputWidth: ").hasMessageContaining("even");
        assertThatThrownBy(() -> d.withOutputSize(416, 351))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("outputHeight: ").hasMessageContaining("even");
        assertThatThrownBy(() -> d.withBuffer(Duration.ofSeconds(30), 1000))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("bufferMaxBytes: ");
        assertThatThrownBy(() -> new IngestSettings(Duration.ofSeconds(5), "quic", Duration.ofMillis(500),
                Duration.ofSeconds(30), 0.2, Duration.ofSeconds(30), 1 << 26, Duration.ofSeconds(10), 1, 0, 0))
                .isInstanceOf(ValidationException.class).hasMessageContaining("rtspTransport").hasMessageContaining("quic");
    }
}
