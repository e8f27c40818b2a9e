package dev.atelier.safety.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One labelled prompt of the evaluation set ({@code eval/safety/prompts.tsv}): columns id, split, language,
 * category (or {@code none} for a benign look-alike), expected severity, obfuscation kind, text.
 *
 * @param category    the harm the prompt is labelled with; empty for a benign look-alike
 * @param expected    the expected severity of that category ({@link Severity#SAFE} for a benign prompt)
 * @param obfuscation {@code none} or one of {@link #OBFUSCATIONS}
 */
public record EvalPrompt(String id, String split, String language, Optional<Category> category, Severity expected,
                         String obfuscation, String text) {
    public static final Set<String> SPLITS = Set.of("dev", "test", "fresh", "blind1", "blind2");
    public static final Set<String> OBFUSCATIONS =
            Set.of("none", "leet", "spacing", "punctuation", "homoglyph", "mixed-script", "zero-width", "fullwidth");

    public EvalPrompt {
        if (!SPLITS.contains(split)) throw new IllegalArgumentException(id + ": split must be dev, test, fresh, blind1 or blind2, got '" + split + "'");
        if (!OBFUSCATIONS.contains(obfuscation)) {
            throw new IllegalArgumentException(id + ": obfuscation must be one of " + OBFUSCATIONS + ", got '" + obfuscation + "'");
        }
        if (category.isEmpty() != (expected == Severity.SAFE)) {
            throw new IllegalArgumentException(id + ": a benign prompt (category none) must be safe and a harmful one above safe");
        }
        if (text.isBlank()) throw new IllegalArgumentException(id + ": text must not be blank");
    }

    public boolean benign() {
        return category.isEmpty();
    }

    /** Reads the TSV; {@code #} lines and the header are skipped; errors name the file and line. */
    public static List<EvalPrompt> read(Path file) throws IOException {
        var out = new ArrayList<EvalPrompt>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#") || line.startsWith("id\t")) continue;
            String[] f = line.split("\t", -1);
            try {
                if (f.length != 7) throw new IllegalArgumentException("expected 7 tab-separated columns, got " + f.length);
                Optional<Category> category = f[3].equals("none") ? Optional.empty() : Optional.of(Category.lookup(f[3]));
                out.add(new EvalPrompt(f[0], f[1], f[2], category, Severity.lookup(f[4]), f[5], f[6]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
