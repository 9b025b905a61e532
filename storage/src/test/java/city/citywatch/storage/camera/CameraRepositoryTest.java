package city.citywatch.storage.camera;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.event.EventKind;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.RuleParameters;
import city.citywatch.core.zone.Zone;
import city.citywatch.core.zone.ZoneKind;
import city.citywatch.storage.DuplicateKeyException;
import city.citywatch.storage.NotFoundException;
import city.citywatch.storage.event.EventRepository;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static city.citywatch.storage.testing.Fixtures.T0;
import static city.citywatch.storage.testing.Fixtures.camera;
import static city.citywatch.storage.testing.Fixtures.event;
import static city.citywatch.storage.testing.Fixtures.opened;
import static city.citywatch.storage.testing.Fixtures.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraRepositoryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesCamerasWithTheirZonesAndListsThemById(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            CameraRepository repo = new CameraRepository(t.db());
            Camera gate = camera("gate-2", zone("gate-2", "kerb", ZoneKind.NO_PARKING, "traffic-police"),
                    zone("gate-2", "lane", ZoneKind.ROADWAY, "city-management"));
            Camera bare = new Camera("alley-1", null, URI.create("rtsps://cam.example:322/stream"), null, null);
            Camera withSubStream = camera("onvif-1").withAnalysisStreamUri(URI.create("rtsp://u:p@10.0.0.9:554/Streaming/Channels/102"));
            repo.create(gate);
            repo.create(bare);
            repo.create(withSubStream);

            assertThat(repo.find("gate-2")).contains(gate);
            assertThat(repo.find("alley-1")).contains(bare);
            assertThat(repo.find("nope")).isEmpty();
            assertThat(repo.find("onvif-1")).contains(withSubStream);
            assertThat(repo.find("onvif-1").orElseThrow().analysisStreamUri()).hasPath("/Streaming/Channels/102");
            assertThat(repo.find("gate-2").orElseThrow().analysisStreamUri()).isNull();
            assertThat(repo.list()).containsExactly(bare, gate, withSubStream);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTakenIdIsRefusedAndTheStoredCameraIsUntouched(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            CameraRepository repo = new CameraRepository(t.db());
            Camera original = camera("cam-1", zone("cam-1", "z1", ZoneKind.NO_PARKING, null));
            repo.create(original);

            Camera clash = camera("cam-1", zone("cam-1", "other", ZoneKind.CROWD, null));
            assertThatThrownBy(() -> repo.create(clash))
                    .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("camera 'cam-1' already exists");
            assertThat(repo.find("cam-1")).contains(original);
            assertThat(t.count("zones")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoZonesWithOneIdAreRefusedBeforeAnythingIsWritten(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            CameraRepository repo = new CameraRepository(t.db());
            Camera bad = camera("cam-1", zone("cam-1", "z1", ZoneKind.NO_PARKING, null), zone("cam-1", "z1", ZoneKind.CROWD, null));
            assertThatThrownBy(() -> repo.create(bad))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("zones[1].id");
            assertThat(t.count("cameras")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deletingACameraTakesItsZonesButKeepsItsEvents(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            CameraRepository repo = new CameraRepository(t.db());
            EventRepository events = new EventRepository(t.db());
            repo.create(camera("cam-1", zone("cam-1", "z1", ZoneKind.NO_PARKING, null)));
            repo.create(camera("cam-2", zone("cam-2", "z1", ZoneKind.NO_PARKING, null)));
            var e = event("cam-1", "z1", EventKind.ILLEGAL_PARKING, T0);
            events.record(opened(e));

            assertThat(repo.delete("cam-1")).isTrue();
            assertThat(repo.delete("cam-1")).isFalse();
            assertThat(repo.find("cam-1")).isEmpty();
            assertThat(repo.list()).extracting(Camera::id).containsExactly("cam-2");
            assertThat(t.count("zones")).isEqualTo(1);
            assertThat(events.find(e.id())).contains(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void replacingZonesIsAllOrNothing(Engine engine) {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            CameraRepository repo = new CameraRepository(t.db());
            repo.create(camera("cam-1", zone("cam-1", "a", ZoneKind.NO_PARKING, null), zone("cam-1", "b", ZoneKind.ROADWAY, null)));

            Zone flood = zone("cam-1", "c", ZoneKind.FLOOD_WATCH, "water-authority");
            Zone crowd = zone("cam-1", "a", ZoneKind.CROWD, "public-security");
            List<Zone> replacement = List.of(
                    new Zone(flood.id(), flood.cameraId(), flood.name(), flood.kind(), flood.polygon(), flood.dwell(),
                            flood.severity(), flood.department(),
                            new RuleParameters(null, null, null, null, null, null, null, 0.3, List.of("gauge-1", "rain-2"))),
                    new Zone(crowd.id(), crowd.cameraId(), crowd.name(), crowd.kind(), crowd.polygon(), crowd.dwell(),
                            crowd.severity(), crowd.department(),
                            new RuleParameters(7, 250.0, 1.5, 4, 20, null, 0.25, null, null)));
            repo.replaceZones("cam-1", replacement);
            assertThat(repo.find("cam-1").orElseThrow().zones()).containsExactlyElementsOf(replacement);

            List<Zone> twice = List.of(zone("cam-1", "x", ZoneKind.CROWD, null), zone("cam-1", "x", ZoneKind.CROWD, null));
            assertThatThrownBy(() -> repo.replaceZones("cam-1", twice))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("zones[1].id");
            List<Zone> foreign = List.of(zone("cam-9", "x", ZoneKind.CROWD, null));
            assertThatThrownBy(() -> repo.replaceZones("cam-1", foreign))
                    .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("zones[0].cameraId");
            assertThat(repo.find("cam-1").orElseThrow().zones()).containsExactlyElementsOf(replacement);

            assertThatThrownBy(() -> repo.replaceZones("ghost", List.of()))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("'ghost'");

            repo.replaceZones("cam-1", List.of());
            assertThat(repo.find("cam-1").orElseThrow().zones()).isEmpty();
        }
    }
}
