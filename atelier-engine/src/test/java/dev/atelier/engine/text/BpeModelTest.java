package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link BpeModel} against a plain string-based BPE, the textbook algorithm written for clarity. */
class BpeModelTest {

    @Test
    void mergesLikeThePlainAlgorithmOnRandomWords() throws IOException {
        var dir = Fixtures.clipTokenizerDir();
        Map<String, Integer> vocab = new HashMap<>();
        Fixtures.readJson(dir.resolve("vocab.json")).properties().forEach(e -> vocab.put(e.getKey(), e.getValue().intValue()));
        List<BpeModel.Merge> merges = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("merges.txt")).subList(1, 48895)) {
            String[] p = line.split(" ");
            merges.add(new BpeModel.Merge(p[0], p[1]));
        }
        BpeModel model = new BpeModel(vocab, merges, vocab.get("<|endoftext|>"), "</w>", false);
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = merges.size() - 1; i >= 0; i--) ranks.put(merges.get(i).left() + " " + merges.get(i).right(), i);

        Random random = new Random(7);
        String letters = "abcdefghijklmnopqrstuvwxyzéü猫😀!.,'-";
        for (int n = 0; n < 3000; n++) {
            StringBuilder word = new StringBuilder();
            for (int k = 1 + random.nextInt(14); k > 0; k--) word.appendCodePoint(letters.codePointAt(
                    letters.offsetByCodePoints(0, random.nextInt(letters.codePointCount(0, letters.length())))));
            String byteLevel = ByteLevel.encode(word.toString());
            int[] expected = plainBpe(byteLevel, ranks).stream().mapToInt(t -> vocab.getOrDefault(t, -1)).toArray();
            assertThat(model.encodeWord(byteLevel)).as(word.toString()).containsExactly(expected);
        }
    }

    @Test
    void rejectsAMergeWhoseTokensAreNotInTheVocabulary() {
        Map<String, Integer> vocab = Map.of("a", 0, "b", 1, "a</w>", 2, "b</w>", 3);
        assertThatThrownBy(() -> new BpeModel(vocab, List.of(new BpeModel.Merge("a", "b</w>")), 0, "</w>", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("merge 1 'a b</w>'");
    }

    @Test
    void ignoreMergesTakesAWholeWordFromTheVocabulary() {
        Map<String, Integer> vocab = Map.of("a", 0, "b", 1, "b</w>", 2, "ab</w>", 3, "<unk>", 4);
        assertThat(new BpeModel(vocab, List.of(), 4, "</w>", true).encodeWord("ab")).containsExactly(3);
        assertThat(new BpeModel(vocab, List.of(), 4, "</w>", false).encodeWord("ab")).containsExactly(0, 2);
    }

    // Split into characters, the last with </w>; merge the lowest-ranked pair everywhere; repeat.
    private static List<String> plainBpe(String word, Map<String, Integer> ranks) {
        List<String> parts = new ArrayList<>();
        word.codePoints().forEach(cp -> parts.add(Character.toString(cp)));
        parts.set(parts.size() - 1, parts.getLast() + "</w>");
        while (parts.size() > 1) {
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer r = ranks.get(parts.get(i) + " " + parts.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = parts.get(i) + " " + parts.get(i + 1);
                }
            }
            if (best == null) break;
            List<String> next = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (i + 1 < parts.size() && (parts.get(i) + " " + parts.get(i + 1)).equals(best)) {
                    next.add(parts.get(i) + parts.get(i + 1));
                    i++;
                } else {
                    next.add(parts.get(i));
                }
            }
            parts.clear();
            parts.addAll(next);
        }
        return parts;
    }
}
