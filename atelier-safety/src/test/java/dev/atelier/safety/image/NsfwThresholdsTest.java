package dev.atelier.safety.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.safety.text.Severity;
import org.junit.jupiter.api.Test;

class NsfwThresholdsTest {
    private final NsfwThresholds defaults = NsfwThresholds.defaults();

    @Test
    void explicitIsPornPlusHentai() {
        assertThat(defaults.rate(0.45f, 0.4f, 0f)).isEqualTo(Severity.HIGH);
        assertThat(defaults.rate(0.3f, 0.35f, 0f)).isEqualTo(Severity.MEDIUM);
        assertThat(defaults.rate(0.2f, 0.15f, 0f)).isEqualTo(Severity.LOW);
        assertThat(defaults.rate(0.1f, 0.1f, 0f)).isEqualTo(Severity.SAFE);
    }

    @Test
    void suggestiveAloneRisesToMediumAtMost() {
        assertThat(defaults.rate(0f, 0f, 1f)).isEqualTo(Severity.MEDIUM);
        assertThat(defaults.rate(0f, 0f, 0.6f)).isEqualTo(Severity.LOW);
        assertThat(defaults.rate(0f, 0f, 0.3f)).isEqualTo(Severity.SAFE);
    }

    @Test
    void aThresholdIsReachedAtEquality() {
        var t = new NsfwThresholds(0.9f, 0.5f, 0.25f, 0.75f, 0.5f);
        assertThat(t.rate(0.5f, 0f, 0f)).isEqualTo(Severity.MEDIUM);
        assertThat(t.rate(0f, 0f, 0.5f)).isEqualTo(Severity.LOW);
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedByName() {
        assertThatThrownBy(() -> new NsfwThresholds(1.5f, 0.6f, 0.3f, 0.8f, 0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("explicitHigh must be a probability in (0, 1], got 1.5");
        assertThatThrownBy(() -> new NsfwThresholds(0.7f, 0.4f, 0f, 0.8f, 0.5f))
                .hasMessage("explicitLow must be a probability in (0, 1], got 0.0");
        assertThatThrownBy(() -> new NsfwThresholds(0.7f, 0.4f, 0.2f, Float.NaN, 0.5f))
                .hasMessage("suggestiveMedium must be a probability in (0, 1], got NaN");
    }

    @Test
    void thresholdsThatDoNotRiseAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new NsfwThresholds(0.3f, 0.4f, 0.2f, 0.8f, 0.5f))
                .hasMessage("explicit thresholds must rise (low ≤ medium ≤ high), got low 0.2, medium 0.4, high 0.3");
        assertThatThrownBy(() -> new NsfwThresholds(0.7f, 0.4f, 0.2f, 0.5f, 0.6f))
                .hasMessage("suggestive thresholds must rise (low ≤ medium), got low 0.6, medium 0.5");
    }
}
