package dev.atelier.engine.text;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text clean-up a tokenizer applies before splitting, as a list of steps run in order. Mirrors the
 * {@code normalizer} section of a Hugging Face {@code tokenizer.json} as far as CLIP-style tokenizers use it.
 *
 * @param steps the steps, applied first to last; empty means the text is used as given
 */
record TextNormalizer(List<Step> steps) {

    /** One normalization step. */
    sealed interface Step {}

    /** Unicode normalization to the given form ({@code "NFC"} and friends in tokenizer.json). */
    record UnicodeForm(Normalizer.Form form) implements Step {
        UnicodeForm {
            if (form == null) throw new IllegalArgumentException("form must not be null");
        }
    }

    /** Replaces every match of {@code pattern} by {@code content}, literally. */
    record Replace(Pattern pattern, String content) implements Step {
        Replace {
            if (pattern == null) throw new IllegalArgumentException("pattern must not be null");
            if (content == null) throw new IllegalArgumentException("content must not be null");
        }
    }

    /** Lower-cases each code point on its own (Unicode full case mapping, no context rules such as final sigma). */
    record Lowercase() implements Step {}

    /** Removes white space at the start and/or the end. */
    record Strip(boolean left, boolean right) implements Step {}

    TextNormalizer {
        if (steps == null) throw new IllegalArgumentException("steps must not be null");
        steps = List.copyOf(steps);
    }

    /** CLIP's normalizer: NFC, runs of white space to one space, lower case. */
    static TextNormalizer clip() {
        return new TextNormalizer(List.of(
                new UnicodeForm(Normalizer.Form.NFC),
                new Replace(Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS), " "),
                new Lowercase()));
    }

    /** Applies the steps to {@code text}. */
    String apply(String text) {
        String s = text;
        for (Step step : steps) {
            s = switch (step) {
                case UnicodeForm u -> Normalizer.normalize(s, u.form());
                case Replace r -> r.pattern().matcher(s).replaceAll(java.util.regex.Matcher.quoteReplacement(r.content()));
                case Lowercase l -> lowercase(s);
                case Strip st -> strip(s, st);
            };
        }
        return s;
    }

    // Per code point, as the Rust reference does: String.toLowerCase on the whole text would apply the
    // Greek final-sigma rule, which the reference does not.
    private static String lowercase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < 0x80) {
                out.append((char) Character.toLowerCase(cp));
            } else {
                out.append(s.substring(i, i + n).toLowerCase(Locale.ROOT));
            }
            i += n;
        }
        return out.toString();
    }

    // Unicode white space (NBSP included), like the reference's trim; String.strip would keep NBSP.
    private static final Pattern LEADING = Pattern.compile("^\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TRAILING = Pattern.compile("\\s+$", Pattern.UNICODE_CHARACTER_CLASS);

    private static String strip(String s, Strip st) {
        String out = st.left() ? LEADING.matcher(s).replaceFirst("") : s;
        return st.right() ? TRAILING.matcher(out).replaceFirst("") : out;
    }
}
