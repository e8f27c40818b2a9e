package dev.atelier.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WatermarkKeyTest {
    private final WatermarkKey.Carriers carriers = WatermarkKey.ATELIER.carriers();

    @Test
    void carriersLieInTheBandAndOffTheBlockGrids() {
        for (int k = 0; k < carriers.size(); k++) {
            int u = carriers.u()[k];
            int v = carriers.v()[k];
            assertThat(Math.hypot(u, v)).isBetween(2.0, 6.5);
            assertThat(u % 2 == 0 && v % 2 == 0).as("(%d, %d) both even", u, v).isFalse();
            assertThat(v > 0 || u > 0).as("(%d, %d) in the upper half plane", u, v).isTrue();
        }
        assertThat(carriers.size()).isBetween(40, 60);
    }

    @Test
    void theTileHasUnitRootMeanSquareAndZeroMean() {
        float[] tile = WatermarkKey.ATELIER.tile();
        double sum = 0;
        double sumSq = 0;
        for (float t : tile) {
            sum += t;
            sumSq += t * t;
        }
        assertThat(sum / tile.length).isCloseTo(0, within(1e-5));
        assertThat(Math.sqrt(sumSq / tile.length)).isCloseTo(1, within(1e-5));
    }

    @Test
    void theSameSeedDrawsTheSamePhasesAndAnotherSeedOthers() {
        assertThat(new WatermarkKey(0x4154454C49455231L, 32, 2, 6.5).carriers().phase()).containsExactly(carriers.phase());
        assertThat(new WatermarkKey(7, 32, 2, 6.5).carriers().phase()[0]).isNotEqualTo(carriers.phase()[0]);
    }

    @Test
    void rejectsCarriersAboveAQuarterOfThePeriod() {
        assertThatThrownBy(() -> new WatermarkKey(1, 32, 2, 8)).hasMessageContaining("got 2.0..8.0");
    }
}
