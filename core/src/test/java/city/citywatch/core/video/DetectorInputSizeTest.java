package city.citywatch.core.video;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plane size the decoder makes and the size the detector expects come from this one formula. */
class DetectorInputSizeTest {

    @Test
    void stretchTakesTheInputSizeAndLetterboxKeepsTheAspect() {
        DetectorInputSize stretch = new DetectorInputSize(416, 416, false);
        assertThat(stretch.scaledWidth(1280, 720)).isEqualTo(416);
        assertThat(stretch.scaledHeight(1280, 720)).isEqualTo(416);

        DetectorInputSize letterbox = new DetectorInputSize(416, 416, true);
        assertThat(letterbox.scaledWidth(1280, 720)).isEqualTo(416);
        assertThat(letterbox.scaledHeight(1280, 720)).isEqualTo(234);
        assertThat(letterbox.scaledWidth(640, 540)).isEqualTo(416);
        assertThat(letterbox.scaledHeight(640, 540)).isEqualTo(351);
        assertThat(letterbox.scaledWidth(360, 640)).isEqualTo(234); // portrait: fitted by height
        assertThat(letterbox.scaledHeight(360, 640)).isEqualTo(416);
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> new DetectorInputSize(0, 416, false)).hasMessageContaining("0x416");
        assertThatThrownBy(() -> new ScaledPlane(4, 4, new byte[10])).hasMessageContaining("expected 48");
    }

    @Test
    void aFrameWithoutAPlaneIsTheSixArgumentForm() {
        VideoFrame f = new VideoFrame("cam", Instant.EPOCH, 0, 2, 2, new byte[12]);
        assertThat(f.detectorPlane()).isNull();
        VideoFrame p = new VideoFrame("cam", Instant.EPOCH, 0, 2, 2, new byte[12], new ScaledPlane(1, 1, new byte[3]));
        assertThat(p.detectorPlane().width()).isEqualTo(1);
    }
}
