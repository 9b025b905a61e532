package city.citywatch.ingest.decode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import city.citywatch.ingest.media.EncodedPacket;
import city.citywatch.ingest.media.StreamInfo;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

/** A stream FFmpeg's decoder rejects is not silent: the first failure and every 100th after it are logged. */
class PictureDecoderTest {

    @Test
    void packetsTheDecoderRejectsAreLoggedFirstAndThenEveryHundredth() {
        StreamInfo stream = new StreamInfo(1, AV_CODEC_ID_H264, "h264", 640, 540, new byte[0], 1, 90_000, 9_000);
        // an Annex B start code followed by a NAL header with the forbidden bit set: never valid H.264
        byte[] broken = {0, 0, 0, 1, (byte) 0xE5, 1, 2, 3, 4, 5, 6, 7};
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(PictureDecoder.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        List<Object> pictures = new ArrayList<>();
        try (PictureDecoder decoder = new PictureDecoder("cam-junk", stream, false)) {
            for (int i = 0; i < 150; i++) {
                decoder.decode(new EncodedPacket(stream, i * 9_000L, i * 9_000L, true, Instant.now(), broken), pictures::add);
            }
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(pictures).isEmpty();
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("camera cam-junk").contains("h264")
                .contains("1 decoding failure(s)").contains("Invalid data");
        assertThat(logged.list.get(1).getFormattedMessage()).contains("101 decoding failure(s)");
    }
}
