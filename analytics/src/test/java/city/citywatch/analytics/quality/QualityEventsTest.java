package city.citywatch.analytics.quality;

import city.citywatch.analytics.event.EventEngineSettings;
import city.citywatch.analytics.event.EvidenceRequest;
import city.citywatch.core.event.CameraRef;
import city.citywatch.core.event.EventChange;
import city.citywatch.core.event.EventSink;
import city.citywatch.core.event.Transition;
import city.citywatch.core.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** camera_health events of picture faults when the store refuses changes: nothing is lost, order is kept. */
class QualityEventsTest {
    private static final CameraRef CAMERA = new CameraRef("pets-view1", "PETS view 1", null);

    /** The repository standing in: takes changes while up, throws while down (as a database outage does). */
    private static final class Store implements EventSink {
        final List<EventChange> stored = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public void accept(EventChange change) {
            if (down.get()) throw new IllegalStateException("database unavailable");
            stored.add(change);
        }
    }

    @Test
    void changesRefusedDuringAnOutageAreSentInOrderOnceTheStoreIsBack() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.get(1));
        QualityDiagnosis diagnosis = new QualityDiagnosis(QualitySettings.defaults().withCheckInterval(Duration.ofSeconds(1)));
        Store store = new Store();
        List<EvidenceRequest> evidence = new ArrayList<>();
        QualityEvents events = new QualityEvents(CAMERA, EventEngineSettings.defaults(), store, evidence::add, List.of());
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            // dark from 5 s to 20 s; the store is down from 6 s to 30 s: both the opening and the closing are refused
            store.down.set(i >= 6 && i < 30);
            VideoFrame f = i >= 5 && i < 20 ? PictureFaults.darkened(frames.get(i)) : frames.get(i);
            try {
                events.onChanges(diagnosis.offer(f));
            } catch (IllegalStateException e) {
                assertThat(e).hasMessage("database unavailable");
                failures++;
            }
        }
        assertThat(failures).as("the analyzer learns of the outage").isPositive();
        assertThat(store.stored).extracting(EventChange::transition).containsExactly(Transition.OPENED, Transition.CLOSED);
        assertThat(store.stored.get(0).event().id()).isEqualTo(store.stored.get(1).event().id());
        assertThat(store.stored.get(0).event().health().finding()).isEqualTo("too_dark");
        assertThat(store.stored.get(0).at()).isEqualTo(frames.get(7).capturedAt()); // third dark check
        assertThat(store.stored.get(1).at()).isEqualTo(frames.get(22).capturedAt()); // third good check
        assertThat(evidence).as("the snapshot does not wait for the store").singleElement()
                .satisfies(r -> assertThat(r.eventId()).isEqualTo(store.stored.get(0).event().id()));
        assertThat(events.openCount()).isZero();
    }

    @Test
    void aDisabledDiagnosisChecksNothing() {
        List<VideoFrame> frames = RealClips.frames(RealClips.ALL.get(1));
        QualitySettings d = QualitySettings.defaults();
        QualitySettings off = new QualitySettings(false, d.checkInterval(), d.raiseAfter(), d.clearAfter(), d.analysisWidth(),
                d.signalLostMaxStdDev(), d.coveredMinFlatShare(), d.darkMaxMeanLuma(), d.brightMinMeanLuma(),
                d.frozenMaxChangedShare(), d.blurMinSharpnessRatio(), d.castMinChroma(), d.sceneMinCorrelation(),
                d.referenceChecks());
        QualityDiagnosis diagnosis = new QualityDiagnosis(off);
        for (VideoFrame f : frames) assertThat(diagnosis.offer(PictureFaults.uniform(f, 0, 0, 0))).isEmpty();
        assertThat(off.requiredFps()).isZero();
    }
}
