package dev.atelier.safety.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lexicon format and the shipped files. */
class LexiconTest {
    @Test
    void parsesEveryKindOfLine() {
        var entries = Lexicon.parse("t.tsv", "# comment\nkill\tviolence\tmedium\nkid\tminor\nkill time\tbenign\ngory\tintensifier:violence\n");
        assertThat(entries).containsExactly(new LexiconEntry.Harm("kill", Category.VIOLENCE, Severity.MEDIUM),
                new LexiconEntry.Minor("kid"), new LexiconEntry.Benign("kill time"),
                new LexiconEntry.Intensifier("gory", Category.VIOLENCE));
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> Lexicon.parse("x.tsv", "ok\tminor\nkill\tviolence\n"))
                .hasMessage("x.tsv:2: term 'kill' of category violence needs a severity (low|medium|high)");
        assertThatThrownBy(() -> Lexicon.parse("x.tsv", "kill\tgore\tlow\n")).hasMessageStartingWith("x.tsv:1: unknown category 'gore'");
    }

    @Test
    void everyShippedLanguageHasTermsOfEveryKindOfHarm() {
        var lexicon = Lexicon.shipped();
        assertThat(lexicon.languages()).hasSize(25);
        assertThat(lexicon.entries()).hasSizeGreaterThan(900);
        for (Category c : List.of(Category.SEXUAL, Category.VIOLENCE, Category.SELF_HARM)) {
            assertThat(lexicon.entries()).anyMatch(e -> e instanceof LexiconEntry.Harm h && h.category() == c);
        }
    }
}
