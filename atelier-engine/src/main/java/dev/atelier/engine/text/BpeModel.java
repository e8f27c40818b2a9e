package dev.atelier.engine.text;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE model: the vocabulary, the ranked merges and the end-of-word suffix ({@code "</w>"} for CLIP).
 * Follows the {@code model} section of a Hugging Face {@code tokenizer.json} of type {@code BPE}.
 *
 * <p>A word is split into characters, the last one carrying the suffix; characters missing from the
 * vocabulary become the unknown token. Then the adjacent pair with the lowest merge rank is merged, leftmost
 * first, until no pair has a merge.
 Immutable.
 */
final class BpeModel {

    /** A merge of two adjacent tokens. */
    record Merge(String left, String right) {
        Merge {
            if (left == null || left.isEmpty()) throw new IllegalArgumentException("merge left side is empty: " + left);
            if (right == null || right.isEmpty()) throw new IllegalArgumentException("merge right side is empty: " + right);
        }
    }

    private final Map<String, Integer> vocab;
    private final int unkId;
    private final String endOfWordSuffix;
    private final boolean ignoreMerges;
    private final MergeTable mergeTable;

    /**
     * @param vocab           token string to id; ids need not be contiguous or start at 0
     * @param merges          the merges, best (rank 0) first; both sides and their concatenation must be in vocab
     * @param unkId           the id characters missing from the vocabulary map to
     * @param endOfWordSuffix appended to the last character of every word; may be empty
     * @param ignoreMerges    whether a word found whole in the vocabulary is taken as one token without merging
     * @throws IllegalArgumentException if a merge uses a token not in the vocabulary, naming the merge
     */
    BpeModel(Map<String, Integer> vocab, List<Merge> merges, int unkId, String endOfWordSuffix, boolean ignoreMerges) {
        if (vocab == null || vocab.isEmpty()) throw new IllegalArgumentException("vocab must not be empty");
        if (merges == null) throw new IllegalArgumentException("merges must not be null");
        if (endOfWordSuffix == null) throw new IllegalArgumentException("endOfWordSuffix must not be null");
        this.vocab = Map.copyOf(vocab);
        this.unkId = unkId;
        this.endOfWordSuffix = endOfWordSuffix;
        this.ignoreMerges = ignoreMerges;
        this.mergeTable = buildMergeTable(this.vocab, merges);
    }

    /** The id of {@code token}, or null if it is not in the vocabulary. */
    Integer idOf(String token) {
        return vocab.get(token);
    }

    /** The ids of one byte-level word (see {@link ByteLevel}), suffix included. */
    int[] encodeWord(String word) {
        if (ignoreMerges) {
            Integer whole = vocab.get(word + endOfWordSuffix);
            if (whole != null) return new int[] {whole};
        }
        int n = word.codePointCount(0, word.length());
        int[] ids = new int[n];
        int k = 0;
        for (int i = 0; i < word.length(); ) {
            int end = word.offsetByCodePoints(i, 1);
            String symbol = end == word.length() ? word.substring(i) + endOfWordSuffix : word.substring(i, end);
            ids[k++] = vocab.getOrDefault(symbol, unkId);
            i = end;
        }
        return merge(ids, n);
    }

    // Repeatedly merges every occurrence of the best-ranked adjacent pair, left to right.
    private int[] merge(int[] ids, int n) {
        while (n > 1) {
            long best = MergeTable.NONE;
            for (int i = 0; i + 1 < n; i++) {
                best = Math.min(best, mergeTable.get(ids[i], ids[i + 1]));
            }
            if (best == MergeTable.NONE) break;
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && mergeTable.get(ids[i], ids[i + 1]) == best) {
                    ids[w++] = (int) best;
                    i++;
                } else {
                    ids[w++] = ids[i];
                }
            }
            n = w;
        }
        return Arrays.copyOf(ids, n);
    }

    private static MergeTable buildMergeTable(Map<String, Integer> vocab, List<Merge> merges) {
        MergeTable table = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge m = merges.get(rank);
            Integer left = vocab.get(m.left());
            Integer right = vocab.get(m.right());
            Integer merged = vocab.get(m.left() + m.right());
            if (left == null || right == null || merged == null) {
                throw new IllegalArgumentException("merge " + (rank + 1) + " '" + m.left() + " " + m.right()
                        + "' uses or makes a token that is not in the vocabulary");
            }
            // A repeated pair keeps its first (best) rank.
            table.putIfAbsent(left, right, rank, merged);
        }
        return table;
    }
}
