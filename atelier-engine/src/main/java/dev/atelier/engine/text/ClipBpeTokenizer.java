package dev.atelier.engine.text;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CLIP's tokenizer: byte-level BPE with the {@code </w>} end-of-word suffix, as Stable Diffusion's text
 * encoders expect. Added tokens ({@code <|startoftext|>}, {@code <|endoftext|>}) are cut out of the raw text
 * first; the rest is normalized (NFC, white space collapsed, lower case), split into words by CLIP's pattern,
 * mapped to byte-level strings and merged by rank. The result is framed by the begin and end tokens.
 *
 * <p>Nothing here depends on CLIP's vocabulary size or ids: any tokenizer of the same structure works. Made by
 * {@link Tokenizers}. Immutable and thread-safe; words already seen come from a shared cache.
 */
public final class ClipBpeTokenizer implements Tokenizer {

    // Bounds memory for servers fed arbitrary prompts; clearing now and then costs only recomputation.
    private static final int CACHE_LIMIT = 50_000;

    private final TextNormalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final Pattern rawAdded;         // null when no added token is matched in raw text
    private final Pattern normalizedAdded;  // null when none is matched in normalized text
    private final Map<String, Integer> addedIds;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int modelMaxLength;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    ClipBpeTokenizer(TextNormalizer normalizer, PreTokenizer preTokenizer, BpeModel model, List<AddedToken> added,
                     int bosId, int eosId, int padId, int modelMaxLength) {
        if (modelMaxLength < 2) throw new IllegalArgumentException("modelMaxLength must be >= 2, got " + modelMaxLength);
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.rawAdded = alternation(added.stream().filter(t -> !t.normalized()).toList());
        this.normalizedAdded = alternation(added.stream().filter(AddedToken::normalized).toList());
        this.addedIds = added.stream().collect(Collectors.toUnmodifiableMap(AddedToken::content, AddedToken::id, (a, b) -> a));
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = padId;
        this.modelMaxLength = modelMaxLength;
    }

    @Override
    public TokenizedText encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 (begin and end tokens), got " + maxLength);
        }
        int[] unpadded = encodeUnpadded(text);
        boolean truncated = unpadded.length > maxLength;
        int length = Math.min(unpadded.length, maxLength);
        int[] ids = new int[maxLength];
        System.arraycopy(unpadded, 0, ids, 0, length);
        if (truncated) ids[maxLength - 1] = eosId;
        Arrays.fill(ids, length, maxLength, padId);
        return new TokenizedText(ids, length, truncated);
    }

    @Override
    public int[] encodeUnpadded(String text) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        IntBuffer out = new IntBuffer();
        out.accept(bosId);
        forEachSegment(rawAdded, text, out, segment -> encodeNormalized(normalizer.apply(segment), out));
        out.accept(eosId);
        return out.toArray();
    }

    @Override
    public int modelMaxLength() {
        return modelMaxLength;
    }

    /** The id put first. */
    public int bosId() {
        return bosId;
    }

    /** The id put last, also where a sequence is truncated. */
    public int eosId() {
        return eosId;
    }

    /** The id that fills a sequence up to the requested length. */
    public int padId() {
        return padId;
    }

    private void encodeNormalized(String normalized, IntBuffer out) {
        forEachSegment(normalizedAdded, normalized, out, segment -> {
            for (String word : preTokenizer.words(segment)) {
                for (int id : wordIds(word)) out.accept(id);
            }
        });
    }

    private int[] wordIds(String word) {
        int[] ids = cache.get(word);
        if (ids == null) {
            if (cache.size() >= CACHE_LIMIT) cache.clear();
            ids = cache.computeIfAbsent(word, model::encodeWord);
        }
        return ids;
    }

    // Emits the ids of added tokens found by `added` and hands the text between them to `plain`.
    private void forEachSegment(Pattern added, String text, IntConsumer out, Consumer<String> plain) {
        if (added == null) {
            plain.accept(text);
            return;
        }
        Matcher m = added.matcher(text);
        int start = 0;
        while (m.find()) {
            if (m.start() > start) plain.accept(text.substring(start, m.start()));
            out.accept(addedIds.get(m.group()));
            start = m.end();
        }
        if (start < text.length()) plain.accept(text.substring(start));
    }

    // Longest first, so that a token that is a prefix of another does not win.
    private static Pattern alternation(List<AddedToken> tokens) {
        if (tokens.isEmpty()) return null;
        return Pattern.compile(tokens.stream()
                .map(AddedToken::content)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    /** A growable int list, enough for one prompt. */
    private static final class IntBuffer implements IntConsumer {
        private int[] data = new int[32];
        private int size;

        @Override
        public void accept(int value) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
