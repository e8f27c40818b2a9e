package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hard prompts (CJK, emoji and ZWJ sequences, Unicode white space, NFD input, Greek sigma, Turkish dotted I,
 * special tokens inside the text, long runs) give the ids Hugging Face tokenizers gives (see gen/DjlOracle.java),
 * for CLIP's tokenizer and for a small one trained from scratch, from both files.
 */
class ConformanceTest {

    static List<Arguments> clipCases() {
        return cases("clip-conformance.json");
    }

    static List<Arguments> smallCases() {
        return cases("small-conformance.json");
    }

    private static List<Arguments> cases(String file) {
        List<Arguments> args = new ArrayList<>();
        for (Fixtures.Loader loader : Fixtures.Loader.values()) {
            for (Fixtures.Case c : Fixtures.conformance(file)) args.add(Arguments.of(loader, c));
        }
        return args;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clipCases")
    void clipTokenizerMatchesTheReference(Fixtures.Loader loader, Fixtures.Case c) throws IOException {
        assertThat(ClipGoldenTest.tokenizer(loader).encodeUnpadded(c.prompt())).containsExactly(c.ids());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("smallCases")
    void smallTrainedTokenizerMatchesTheReference(Fixtures.Loader loader, Fixtures.Case c) throws IOException {
        assertThat(loader.load(Fixtures.smallTokenizerDir()).encodeUnpadded(c.prompt())).containsExactly(c.ids());
    }
}
