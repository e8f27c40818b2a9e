package dev.atelier.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JudgeTokenizerTest {
    private final JudgeTokenizer tok = new JudgeTokenizer(16384, 32);

    // ids from training/atelier_train/judge/text.py (first 8 of 32)
    @Test
    void matchesThePythonTokenizer() {
        assertThat(first8("a dog")).containsExactly(14699, 5819, 374, 0, 0, 0, 0, 0);
        assertThat(first8("Ein Hund auf rotem Hintergrund")).containsExactly(10028, 3164, 14171, 392, 13794, 14862, 3068, 13531);
        assertThat(first8("two 🍕 pizzas, top-left!")).containsExactly(200, 2784, 14474, 13725, 11744, 8019, 363, 0);
        assertThat(first8("一只狗")).containsExactly(11926, 0, 0, 0, 0, 0, 0, 0);
        assertThat(first8("Café au lait")).containsExactly(12545, 14261, 10663, 12086, 938, 0, 0, 0);
    }

    @Test
    void padsAndTruncatesToMaxTokens() {
        assertThat(tok.encode("")).hasSize(32).containsOnly(0L);
        assertThat(tok.encode("w ".repeat(100))).hasSize(32).doesNotContain(0L);
    }

    @Test
    void wordsAreLowerCasedRunsOfLettersMarksAndNumbers() {
        assertThat(JudgeTokenizer.words("Top-Left, 3 CATS!")).containsExactly("top", "left", "3", "cats");
    }

    private long[] first8(String s) {
        return Arrays.copyOf(tok.encode(s), 8);
    }
}
