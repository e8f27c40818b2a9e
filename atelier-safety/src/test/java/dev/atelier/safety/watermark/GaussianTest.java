package dev.atelier.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianTest {
    @Test
    void upperTailMatchesTabulatedValues() {
        assertThat(Gaussian.upperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Gaussian.upperTail(1.959964)).isCloseTo(0.025, within(1e-7));
        assertThat(Gaussian.upperTail(-1)).isCloseTo(0.8413447, within(1e-6));
        assertThat(Gaussian.upperTail(6) / 9.865876e-10).isCloseTo(1, within(1e-5));
    }

    @Test
    void upperQuantileInvertsTheTail() {
        assertThat(Gaussian.upperQuantile(0.025)).isCloseTo(1.959964, within(1e-5));
        assertThat(Gaussian.upperQuantile(1e-9)).isCloseTo(5.997807, within(1e-4));
    }

    @Test
    void upperQuantileRejectsProbabilitiesOutsideTheUpperHalf() {
        assertThatThrownBy(() -> Gaussian.upperQuantile(0.7)).hasMessageContaining("got 0.7");
    }
}
