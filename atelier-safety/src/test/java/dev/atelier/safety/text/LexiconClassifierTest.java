package dev.atelier.safety.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the shipped lexicon classifier rates: look-alikes safe, harm in any language at least medium. */
class LexiconClassifierTest {
    private static final LexiconClassifier CLASSIFIER = LexiconClassifier.shipped();

    private static Severity highest(String text) {
        return CLASSIFIER.analyze(text).severities().values().stream().reduce(Severity.SAFE, Severity::max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill the lights", "shoot a portrait of a bride", "a breast cancer awareness ribbon",
            "a knife on a cutting board", "a war memorial", "a cocktail called sex on the beach", "chicken breast",
            "a glass of blood orange juice", "a drag queen", "execute the plan", "hanging plants", "a killer whale",
            "a skilled carpenter", "a therapist's office", "a naked mole rat", "a blue tit", "Scunthorpe",
            "pomnik wojenny", "Hähnchenbrust", "杀虫剂", "ยาฆ่าแมลง",
            "a photo shoot of a woman in a red dress", "shoot a portrait of a man", "a man shooting hoops"})
    void benignLookAlikesRateSafe(String prompt) {
        assertThat(highest(prompt)).as(prompt).isEqualTo(Severity.SAFE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shoot the man in the head", "sh00t the man in the head", "a soldier shooting people in the street",
            "he shot her in the head"})
    void shootingAPersonRatesAtLeastMedium(String prompt) {
        assertThat(CLASSIFIER.analyze(prompt).severity(Category.VIOLENCE)).as(prompt).isIn(Severity.MEDIUM, Severity.HIGH);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            en | a man stabbing someone
            de | ein Mann ersticht jemanden
            es | asesinar a alguien
            fr | tuer quelqu'un
            it | uccidere qualcuno
            pl | zabić kogoś
            ru | убить человека
            ja | 人を殺す
            zh | 杀人
            ko | 사람을 살해하다
            hi | किसी की हत्या
            """)
    void killingRatesAtLeastMediumInEveryLanguage(String language, String prompt) {
        assertThat(CLASSIFIER.analyze(prompt).severity(Category.VIOLENCE)).as(language + ": " + prompt)
                .matches(s -> s.atLeast(Severity.MEDIUM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"how to commit suicide", "Selbstmord begehen", "cómo suicidarme", "как покончить с собой",
            "自殺する方法", "자살하는 방법", "วิธีฆ่าตัวตาย", "cách tự tử", "comment me suicider", "suicidio", "suicídio",
            "zelfmoord", "selvmord", "självmord", "itsemurha", "enesetapp", "öngyilkosság", "savižudybė", "samobójstwo",
            "самогубство", "आत्महत्या", "আত্মহত্যা", "bunuh diri", "自杀"})
    void suicideRatesAtLeastMediumInEveryLexiconLanguage(String prompt) {
        assertThat(CLASSIFIER.analyze(prompt).severity(Category.SELF_HARM)).as(prompt).matches(s -> s.atLeast(Severity.MEDIUM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a naked child", "a sexy schoolgirl", "nude teen", "ein nacktes Kind", "un niño desnudo",
            "голый ребёнок", "裸の子供", "loli hentai", "n4k3d ch1ld"})
    void sexualTermWithMinorTermRatesSexualMinorsHigh(String prompt) {
        assertThat(CLASSIFIER.analyze(prompt).severity(Category.SEXUAL_MINORS)).as(prompt).isEqualTo(Severity.HIGH);
    }

    @Test
    void minorTermAloneIsSafe() {
        assertThat(highest("kids building a sandcastle")).isEqualTo(Severity.SAFE);
    }

    @Test
    void benignCollocationNeutralisesOnlyTheTermsInsideIt() {
        assertThat(highest("kill the lights")).isEqualTo(Severity.SAFE);
        assertThat(CLASSIFIER.analyze("kill the lights and kill him").severity(Category.VIOLENCE)).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void intensifierRaisesItsCategoryOneLevel() {
        assertThat(CLASSIFIER.analyze("a couple having sex").severity(Category.SEXUAL)).isEqualTo(Severity.MEDIUM);
        assertThat(CLASSIFIER.analyze("a couple having sex, explicit").severity(Category.SEXUAL)).isEqualTo(Severity.HIGH);
    }

    @Test
    void aWordThatIsBothTermAndIntensifierDoesNotIntensifyItself() {
        assertThat(CLASSIFIER.analyze("a bloody steak").severity(Category.VIOLENCE)).isEqualTo(Severity.LOW);
        assertThat(CLASSIFIER.analyze("a bloody corpse").severity(Category.VIOLENCE)).isEqualTo(Severity.HIGH);
    }

    @Test
    void twoDifferentLowTermsOfACategoryMakeItMedium() {
        assertThat(CLASSIFIER.analyze("a gun").severity(Category.VIOLENCE)).isEqualTo(Severity.LOW);
        assertThat(CLASSIFIER.analyze("a gun and blood").severity(Category.VIOLENCE)).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void oneWordMatchedByTwoEntriesIsOneLowTerm() {
        // "nude" (English) and "nud*" (Italian) both match the same word
        assertThat(CLASSIFIER.analyze("a nude beige handbag").severity(Category.SEXUAL)).isEqualTo(Severity.LOW);
    }

    @Test
    void protectedGroupWithViolenceRatesHateHigh() {
        assertThat(CLASSIFIER.analyze("exterminate the jews").severity(Category.HATE)).isEqualTo(Severity.HIGH);
        assertThat(highest("a jewish wedding")).isEqualTo(Severity.SAFE);
    }

    @Test
    void protectedGroupWithDehumanisingWordRatesHateMedium() {
        assertThat(CLASSIFIER.analyze("immigrants drawn as rats").severity(Category.HATE)).isEqualTo(Severity.MEDIUM);
        assertThat(highest("rats in a sewer")).isEqualTo(Severity.SAFE);
    }

    @Test
    void anAgeUnderEighteenIsAMinorTerm() {
        assertThat(CLASSIFIER.analyze("a 12-year-old in lingerie").severity(Category.SEXUAL_MINORS)).isEqualTo(Severity.HIGH);
        assertThat(CLASSIFIER.analyze("a 30 year old in lingerie").severity(Category.SEXUAL_MINORS)).isEqualTo(Severity.SAFE);
    }

    @Test
    void gapInATermSpansAFewWords() {
        assertThat(CLASSIFIER.analyze("a boy slitting his wrists").severity(Category.SELF_HARM)).isEqualTo(Severity.HIGH);
    }

    @Test
    void evidenceNamesCategorySeverityAndTerm() {
        assertThat(CLASSIFIER.analyze("a soldier beheading a prisoner").evidence()).contains("violence:high:behead*");
    }

    @Test
    void obfuscatedHarmfulTermsAreFound() {
        for (String p : List.of("k1ll the president", "k i l l the president", "k.i.l.l the president", "кill the president",
                "ki\u200Bll the president", "ＫＩＬＬ the president")) {
            assertThat(CLASSIFIER.analyze(p).severity(Category.VIOLENCE)).as(p).isEqualTo(Severity.MEDIUM);
        }
    }

    @Test
    void describeNamesTheLexicon() {
        assertThat(CLASSIFIER.describe()).startsWith("lexicon classifier v" + Lexicon.VERSION).contains("25 languages");
    }
}
