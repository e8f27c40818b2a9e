package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The framing, truncation and padding contract of {@link Tokenizer}, and the shared word cache. */
class ClipBpeTokenizerTest {

    private static final String LONG_PROMPT = String.join(" ",
            IntStream.range(0, 120).mapToObj(i -> "word" + i).toList());

    private static ClipBpeTokenizer clip() throws IOException {
        return ClipGoldenTest.tokenizer(Fixtures.Loader.TOKENIZER_JSON);
    }

    private static ClipBpeTokenizer small() throws IOException {
        return Tokenizers.load(Fixtures.smallTokenizerDir());
    }

    @Test
    void emptyPromptIsBeginThenEndThenPadding() throws IOException {
        TokenizedText t = clip().encode("", 77);
        assertThat(t.ids()).hasSize(77);
        assertThat(t.length()).isEqualTo(2);
        assertThat(t.truncated()).isFalse();
        assertThat(t.ids()[0]).isEqualTo(49406);
        assertThat(Arrays.copyOfRange(t.ids(), 1, 77)).containsOnly(49407);
        assertThat(clip().encodeUnpadded("")).containsExactly(49406, 49407);
    }

    @Test
    void longPromptIsTruncatedKeepingTheEndTokenLast() throws IOException {
        int[] full = clip().encodeUnpadded(LONG_PROMPT);
        TokenizedText t = clip().encode(LONG_PROMPT, 77);
        assertThat(full.length).isGreaterThan(77);
        assertThat(t.truncated()).isTrue();
        assertThat(t.length()).isEqualTo(77);
        assertThat(Arrays.copyOf(t.ids(), 76)).containsExactly(Arrays.copyOf(full, 76));
        assertThat(t.ids()[76]).isEqualTo(clip().eosId());
    }

    @Test
    void promptThatFillsExactlyIsNotTruncated() throws IOException {
        int[] full = clip().encodeUnpadded(LONG_PROMPT);
        for (int n : new int[] {full.length, full.length + 1}) {
            TokenizedText t = clip().encode(LONG_PROMPT, n);
            assertThat(t.truncated()).as("maxLength %d", n).isFalse();
            assertThat(Arrays.copyOf(t.ids(), full.length)).containsExactly(full);
        }
        assertThat(clip().encode(LONG_PROMPT, full.length - 1).truncated()).isTrue();
    }

    @Test
    void truncatesToAnyLengthDownToBeginAndEnd() throws IOException {
        TokenizedText t = clip().encode("a photograph of an astronaut", 2);
        assertThat(t.ids()).containsExactly(49406, 49407);
        assertThat(t.truncated()).isTrue();
    }

    @Test
    void rejectsMaxLengthBelowTwo() throws IOException {
        var tokenizer = clip();
        assertThatThrownBy(() -> tokenizer.encode("cat", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
    }

    @Test
    void padsWithThePadTokenOfTheConfig() throws IOException {
        // The small tokenizer pads with <pad> (id 2), unlike CLIP which pads with its end token.
        TokenizedText t = small().encode("cat", 8);
        assertThat(t.ids()).containsExactly(0, 298, 1, 2, 2, 2, 2, 2);
        assertThat(t.length()).isEqualTo(3);
    }

    @Test
    void modelMaxLengthComesFromTheConfig() throws IOException {
        assertThat(clip().modelMaxLength()).isEqualTo(77);
        assertThat(small().modelMaxLength()).isEqualTo(16);
    }

    @Test
    void charactersMissingFromTheVocabularyBecomeTheUnknownToken() throws IOException {
        // 'ș' (c8 99) at a word's end: the small vocabulary has no byte-level '</w>' form of 0x99.
        int[] ids = small().encodeUnpadded("ș");
        assertThat(ids[0]).isEqualTo(0);
        assertThat(ids[ids.length - 1]).isEqualTo(1);
        assertThat(ids).contains(3);  // <unk>
    }

    @Test
    void returnedIdsAreTheCallersOwn() throws IOException {
        int[] first = clip().encodeUnpadded("astronaut");
        int[] copy = first.clone();
        Arrays.fill(first, 0);
        assertThat(clip().encodeUnpadded("astronaut")).containsExactly(copy);
    }

    @Test
    void parallelEncodesEqualSerialOnes() throws Exception {
        List<String> prompts = Fixtures.conformance("clip-conformance.json").stream().map(Fixtures.Case::prompt).toList();
        ClipBpeTokenizer serialTokenizer = Tokenizers.loadTokenizerJson(Fixtures.clipTokenizerDir());
        List<int[]> serial = prompts.stream().map(serialTokenizer::encodeUnpadded).toList();

        ClipBpeTokenizer shared = Tokenizers.loadTokenizerJson(Fixtures.clipTokenizerDir());  // cold cache
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<int[]>> results = IntStream.range(0, 40 * prompts.size())
                    .mapToObj(i -> pool.submit(() -> shared.encodeUnpadded(prompts.get(i % prompts.size()))))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as(prompts.get(i % prompts.size())).containsExactly(serial.get(i % prompts.size()));
            }
        }
    }
}
