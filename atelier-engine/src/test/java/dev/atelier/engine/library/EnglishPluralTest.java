package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules of {@code captions.plural}; the shared vectors check more names against Python. */
class EnglishPluralTest {
    @Test
    void pluralizesTheHeadNoun() {
        assertThat(EnglishPlural.of("face with tears of joy")).isEqualTo("faces with tears of joy");
        assertThat(EnglishPlural.of("flag: Germany")).isEqualTo("flags: Germany");
        assertThat(EnglishPlural.of("red apple")).isEqualTo("red apples");
    }

    @Test
    void followsTheSpellingRules() {
        assertThat(EnglishPlural.of("box")).isEqualTo("boxes");
        assertThat(EnglishPlural.of("peach")).isEqualTo("peaches");
        assertThat(EnglishPlural.of("cherry")).isEqualTo("cherries");
        assertThat(EnglishPlural.of("monkey")).isEqualTo("monkeys");
        assertThat(EnglishPlural.of("woman")).isEqualTo("women");
        assertThat(EnglishPlural.of("Leaf")).isEqualTo("leaves");
    }

    @Test
    void leavesPluralLabelsAlone() {
        assertThat(EnglishPlural.of("sparkles")).isEqualTo("sparkles");
        assertThat(EnglishPlural.of("glass")).isEqualTo("glasses");
        assertThat(EnglishPlural.of("bus")).isEqualTo("buses");
    }
}
