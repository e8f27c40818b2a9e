package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CLIP's normalizer, pre-tokenizer and byte-to-character map, step by step. */
class TextRulesTest {

    @Test
    void byteLevelMapsEveryByteToADistinctCharacter() {
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) chars.add(ByteLevel.charOf(b));
        assertThat(chars).hasSize(256);
        assertThat(ByteLevel.charOf('a')).isEqualTo('a');
        assertThat(ByteLevel.charOf(' ')).isEqualTo('\u0120');  // Ġ
        assertThat(ByteLevel.encode("é")).isEqualTo("\u00c3\u00a9");  // c3 a9
    }

    @Test
    void normalizerComposesCollapsesWhiteSpaceAndLowerCases() {
        assertThat(TextNormalizer.clip().apply("  Cafe\u0301\t\u00a0NAÏVE\n")).isEqualTo(" café naïve ");
    }

    @Test
    void stripRemovesUnicodeWhiteSpace() {
        var strip = new TextNormalizer(List.of(new TextNormalizer.Strip(true, true)));
        assertThat(strip.apply("\u00a0\u3000 a b \t\u00a0")).isEqualTo("a b");
        assertThat(new TextNormalizer(List.of(new TextNormalizer.Strip(false, true))).apply(" a ")).isEqualTo(" a");
    }

    @Test
    void lowerCasingHasNoFinalSigmaRule() {
        assertThat(TextNormalizer.clip().apply("ΟΔΟΣ")).isEqualTo("οδοσ");
    }

    @Test
    void preTokenizerSplitsContractionsLettersSingleDigitsAndPunctuation() {
        List<String> words = PreTokenizer.clip().words("don't 42x!! 猫");
        assertThat(words).containsExactly("don", "'t", "4", "2", "x", "!!", ByteLevel.encode("猫"));
    }
}
