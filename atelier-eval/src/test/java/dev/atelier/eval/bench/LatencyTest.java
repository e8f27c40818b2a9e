package dev.atelier.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyTest {
    // numpy.percentile([5, 1, 4, 2, 3], [50, 95]) = [3.0, 4.8]
    @Test
    void percentilesInterpolateLikeNumpy() {
        var l = Latency.of(new double[]{5, 1, 4, 2, 3});
        assertThat(l.p50()).isEqualTo(3.0);
        assertThat(l.p95()).isCloseTo(4.8, within(1e-12));
        assertThat(l.mean()).isEqualTo(3.0);
        assertThat(l.min()).isEqualTo(1.0);
        assertThat(l.max()).isEqualTo(5.0);
    }

    @Test
    void oneRunIsItsOwnPercentiles() {
        var l = Latency.of(new double[]{7});
        assertThat(l.p50()).isEqualTo(7.0);
        assertThat(l.p95()).isEqualTo(7.0);
    }
}
