package city.citywatch.analytics.flood;

import city.citywatch.core.event.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FloodSeverityTest {
    @Test
    void theWorseSourceSetsTheLevelAndTwoWitnessesRaiseItOneStep() {
        assertThat(FloodSeverity.of(1.1, 0)).isEqualTo(Severity.MEDIUM);      // camera only, just over
        assertThat(FloodSeverity.of(0, 2.5)).isEqualTo(Severity.HIGH);        // gauge only, 2.5 x its threshold
        assertThat(FloodSeverity.of(0.5, 3.2)).isEqualTo(Severity.CRITICAL);
        assertThat(FloodSeverity.of(1.2, 1.5)).isEqualTo(Severity.HIGH);      // both over: medium + 1
        assertThat(FloodSeverity.of(2.0, 3.0)).isEqualTo(Severity.CRITICAL);  // capped
        assertThat(FloodSeverity.of(0.9, 0.4)).isEqualTo(Severity.LOW);
    }
}
