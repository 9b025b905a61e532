package city.citywatch.core.zone;

import city.citywatch.core.validation.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolygonTest {
    @Test
    void containsUsesTheInterior() {
        Polygon p = Polygon.of(0.1, 0.1, 0.9, 0.1, 0.9, 0.9, 0.1, 0.9);
        assertThat(p.contains(0.5, 0.5)).isTrue();
        assertThat(p.contains(0.95, 0.5)).isFalse();
        assertThat(p.area()).isCloseTo(0.64, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void concavePolygon() {
        Polygon u = Polygon.of(0, 0, 0.3, 0, 0.3, 0.7, 0.6, 0.7, 0.6, 0, 0.9, 0, 0.9, 1, 0, 1);
        assertThat(u.contains(0.45, 0.3)).isFalse();
        assertThat(u.contains(0.45, 0.8)).isTrue();
    }

    @Test
    void refusesWhatCannotBeAZone() {
        assertThatThrownBy(() -> Polygon.of(0, 0, 1, 1)).isInstanceOf(ValidationException.class)
                .hasMessage("polygon: needs at least 3 points, got 2");
        assertThatThrownBy(() -> Polygon.of(0, 0, 1.2, 0, 1, 1)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("polygon[1]");
        assertThatThrownBy(() -> Polygon.of(0, 0, 1, 1, 1, 0, 0, 1)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("self-intersecting");
        assertThatThrownBy(() -> Polygon.of(0, 0, 0.5, 0.5, 1, 1)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("zero area");
    }
}
