package city.citywatch.storage.sensor;

import city.citywatch.core.json.Json;
import city.citywatch.core.outbox.OutboxMessage;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.sensor.SensorReading;
import city.citywatch.storage.outbox.JdbcOutboxStore;
import city.citywatch.storage.testing.Engine;
import city.citywatch.storage.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SensorReadingRepositoryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStoredReadingIsQueuedForTheSensorsTopicKeyedBySensor(Engine engine) throws Exception {
        try (TestDatabase t = TestDatabase.open(engine, tmp)) {
            SensorReadingRepository repo = new SensorReadingRepository(t.db());
            Instant at = Instant.parse("2026-07-01T08:00:00.123456Z");
            SensorReading first = new SensorReading("gauge-1", SensorKind.WATER_LEVEL, 12.5, "cm", at, at.plusMillis(40));
            SensorReading second = new SensorReading("gauge-1", SensorKind.WATER_LEVEL, 31, "cm", at.plusSeconds(60), at.plusSeconds(60));
            repo.store(first);
            repo.store(second);
            repo.store(new SensorReading("rain-1", SensorKind.RAIN, 40, "mm/h", at, at));

            assertThat(repo.latest("gauge-1", 10)).containsExactly(second, first);
            assertThat(t.count("sensor_readings")).isEqualTo(3);

            List<OutboxMessage> queued = new JdbcOutboxStore(t.db()).pending(10);
            assertThat(queued).hasSize(3);
            OutboxMessage m = queued.getFirst();
            assertThat(m.topic()).isEqualTo("citywatch.sensors");
            assertThat(m.key()).isEqualTo("gauge-1");
            assertThat(m.type()).isEqualTo("city.citywatch.sensor.reading");
            assertThat(m.source()).isEqualTo("/sensors/gauge-1");
            assertThat(m.time()).isEqualTo(at);
            assertThat(Json.mapper().readValue(m.data(), SensorReading.class)).isEqualTo(first);
        }
    }
}
