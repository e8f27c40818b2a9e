package dev.atelier.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits normalized text into words and turns each into its byte-level string. Mirrors the
 * {@code pre_tokenizer} section of a Hugging Face {@code tokenizer.json} as far as CLIP-style tokenizers use it:
 * a {@code Split} that keeps only the regex matches, then {@code ByteLevel}.
 *
 * @param steps the splitting steps, applied first to last; the byte-level mapping always comes last
 */
record PreTokenizer(List<Step> steps) {

    /** CLIP's word pattern: contractions, letter runs, single digits, runs of other non-space characters. */
    static final String CLIP_PATTERN =
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    /** GPT-2's word pattern, which the {@code ByteLevel} pre-tokenizer applies when {@code use_regex} is set. */
    static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** One splitting step. */
    sealed interface Step {}

    /** Keeps the matches of {@code pattern} as words and drops the text between them ({@code invert: true}). */
    record KeepMatches(Pattern pattern) implements Step {
        KeepMatches {
            if (pattern == null) throw new IllegalArgumentException("pattern must not be null");
        }
    }

    /**
     * Splits each word on the spaces before it (GPT-2 style). With {@code addPrefixSpace}, a word not starting
     * with a space gets one; with {@code useRegex}, words are split further by {@link #GPT2_PATTERN}.
     */
    record ByteLevelSplit(boolean addPrefixSpace, boolean useRegex) implements Step {}

    PreTokenizer {
        if (steps == null) throw new IllegalArgumentException("steps must not be null");
        steps = List.copyOf(steps);
    }

    /** CLIP's pre-tokenizer: {@link #CLIP_PATTERN}, then byte level with the GPT-2 pattern. */
    static PreTokenizer clip() {
        return new PreTokenizer(List.of(new KeepMatches(compile(CLIP_PATTERN)), new ByteLevelSplit(false, true)));
    }

    /** Compiles a tokenizer.json regex so that {@code \s}, {@code \w} and friends are Unicode-aware, as there. */
    static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    private static final Pattern GPT2 = compile(GPT2_PATTERN);

    /** The words of {@code normalized}, each as its byte-level string (see {@link ByteLevel}). */
    List<String> words(String normalized) {
        List<String> words = List.of(normalized);
        for (Step step : steps) {
            List<String> next = new ArrayList<>();
            for (String word : words) {
                switch (step) {
                    case KeepMatches k -> addMatches(k.pattern(), word, next);
                    case ByteLevelSplit b -> {
                        String w = b.addPrefixSpace() && !word.startsWith(" ") ? " " + word : word;
                        if (b.useRegex()) addMatches(GPT2, w, next); else next.add(w);
                    }
                }
            }
            words = next;
        }
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) {
            if (!word.isEmpty()) out.add(ByteLevel.encode(word));
        }
        return out;
    }

    private static void addMatches(Pattern pattern, String text, List<String> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) out.add(m.group());
        }
    }
}
