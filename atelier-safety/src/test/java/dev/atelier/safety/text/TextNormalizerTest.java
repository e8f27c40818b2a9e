package dev.atelier.safety.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The normaliser undoes each kind of obfuscation, and de-obfuscating never creates a word that was not there. */
class TextNormalizerTest {
    /** Every key the matcher sees in the text, at any position. */
    private static Set<String> keys(String text) {
        return TextNormalizer.normalize(text).positions().stream().flatMap(List::stream)
                .map(NormalizedText.Variant::key).collect(Collectors.toSet());
    }

    @Test
    void leetspeakDigitsAndSymbolsReadAsLetters() {
        assertThat(keys("k1ll him")).contains("kill");
        assertThat(keys("s3x")).contains("sex");
        assertThat(keys("@ss")).contains("ass");
        assertThat(keys("$uicide")).contains("suicide");
    }

    @Test
    void numbersAloneAreNotLeetspeak() {
        assertThat(keys("4 cats in 2024")).containsExactlyInAnyOrder("4", "cats", "in", "2024");
    }

    @Test
    void lettersSplitBySpacesAreJoined() {
        assertThat(keys("how to k i l l")).contains("kill");
        assertThat(keys("a k i l l")).contains("kill");
    }

    @Test
    void spacedLettersAreNotJoinedIntoAWordInsideALongerOne() {
        assertThat(keys("s k i l l e t")).contains("skillet").doesNotContain("kill");
    }

    @Test
    void spacedLettersHoldingTwoWordsYieldBoth() {
        assertThat(keys("a n u d e t e e n girl")).contains("nude", "teen");
        assertThat(keys("как п о к о н ч и т ь с собой")).contains(TextNormalizer.key("покончить"));
    }

    @Test
    void lettersSplitByPunctuationAreJoined() {
        assertThat(keys("k.i.l.l")).contains("kill");
        assertThat(keys("k-i-l-l")).contains("kill");
        assertThat(keys("k_i_l_l")).contains("kill");
        assertThat(keys("ki-ll")).contains("kill");
    }

    @Test
    void homoglyphsFromOtherScriptsMapToTheLetterTheyImitate() {
        assertThat(keys("ԁecapitation")).contains("decapitation"); // Cyrillic komi de
        assertThat(keys("ոude")).contains("nude");                 // Armenian vo
        assertThat(keys("ϲorpse")).contains("corpse");             // Greek lunate sigma, rewritten by NFKC otherwise
    }

    @Test
    void zeroWidthCharactersAndSoftHyphensAreRemoved() {
        assertThat(keys("ki\u200Bll")).contains("kill");
        assertThat(keys("ki\u200Cll")).contains("kill");
        assertThat(keys("ki\u200Dll")).contains("kill");
        assertThat(keys("ki\u00ADll")).contains("kill");
        assertThat(keys("ki\uFEFFll")).contains("kill");
    }

    @Test
    void cyrillicLettersInsideALatinWordAreReadAsLatin() {
        assertThat(keys("кill")).contains("kill");   // Cyrillic ka: the skeleton keeps it apart, transliteration does not
        assertThat(keys("nаked")).contains("naked"); // Cyrillic a
    }

    @Test
    void fullWidthAndMathematicalLettersAreFolded() {
        assertThat(keys("ＫＩＬＬ")).contains("kill");
        assertThat(keys("𝐤𝐢𝐥𝐥")).contains("kill");
    }

    @Test
    void diacriticsAndCaseAreRemoved() {
        assertThat(keys("KÍLL")).contains("kill");
        assertThat(keys("Straße")).contains("strasse");
    }

    @Test
    void plainAsciiLettersAreKeptAsWritten() {
        // the TR 39 skeleton of 'm' is "rn": applied to ASCII it would turn "pomnik" into a word starting "porn"
        assertThat(keys("pomnik")).containsExactly("pomnik");
    }

    @Test
    void deobfuscationDoesNotInventWords() {
        assertThat(keys("a skilled carpenter")).doesNotContain("kill");
        assertThat(keys("th3rapist")).doesNotContain("rapist");
    }

    @Test
    void traditionalChineseIsFoldedToSimplified() {
        assertThat(TextNormalizer.fold("如何自殺")).isEqualTo("如何自杀");
    }

    @Test
    void unspacedTextDropsSpacesAndPunctuation() {
        assertThat(TextNormalizer.normalize("児.童 ポ・ル・ノ").unspaced()).isEqualTo("児童ポルノ");
    }
}
