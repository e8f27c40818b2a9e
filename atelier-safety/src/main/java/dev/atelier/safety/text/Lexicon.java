package dev.atelier.safety.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped multilingual lexicon: one UTF-8 TSV resource per language, {@code lexicon-<language>.tsv} beside this
 * class. A line is {@code term TAB tag [TAB severity]}; {@code #} starts a comment. Tags: a category's wire name
 * ({@code hate}, {@code sexual}, {@code violence}, {@code self_harm}, {@code sexual_minors}) with a severity
 * ({@code low|medium|high}); {@code minor}; {@code benign}; {@code intensifier:<category>}; {@code group};
 * {@code dehumanizing}. A word {@code ~} in a term stands for up to three tokens.
 *
 * @param version  lexicon version, for the start-up log and evaluation reports
 * @param entries  all entries of all languages
 * @param languages the languages loaded
 */
public record Lexicon(String version, List<LexiconEntry> entries, List<String> languages) {
    /** Languages with a lexicon file. The 28 caption locales map onto them (en-gb → en, es-mx → es, zh-hant → zh). */
    public static final List<String> LANGUAGES = List.of("en", "de", "es", "fr", "it", "pt", "nl", "da", "nb", "sv", "fi",
            "et", "hu", "lt", "pl", "ru", "uk", "ja", "zh", "ko", "hi", "bn", "th", "vi", "ms");
    public static final String VERSION = "1";

    public Lexicon {
        entries = List.copyOf(entries);
        languages = List.copyOf(languages);
    }

    /** Loads every shipped language file from the class path. */
    public static Lexicon shipped() {
        var entries = new ArrayList<LexiconEntry>();
        for (String language : LANGUAGES) {
            String name = "lexicon-" + language + ".tsv";
            try (InputStream in = Lexicon.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("lexicon resource missing: " + name);
                entries.addAll(parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lexicon resource " + name, e);
            }
        }
        return new Lexicon(VERSION, entries, LANGUAGES);
    }

    /** Parses one lexicon file; errors name the source, the line and what was expected. */
    public static List<LexiconEntry> parse(String source, String text) {
        var out = new ArrayList<LexiconEntry>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            try {
                out.add(entry(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static LexiconEntry entry(String[] f) {
        if (f.length < 2) throw new IllegalArgumentException("expected 'term TAB tag [TAB severity]', got " + f.length + " field(s)");
        String term = f[0].strip(), tag = f[1].strip();
        if (tag.equals("minor")) return new LexiconEntry.Minor(term);
        if (tag.equals("benign")) return new LexiconEntry.Benign(term);
        if (tag.equals("group")) return new LexiconEntry.Group(term);
        if (tag.equals("dehumanizing")) return new LexiconEntry.Dehumanizing(term);
        if (tag.startsWith("intensifier:")) return new LexiconEntry.Intensifier(term, Category.lookup(tag.substring(12)));
        if (f.length < 3) throw new IllegalArgumentException("term '" + term + "' of category " + tag + " needs a severity (low|medium|high)");
        return new LexiconEntry.Harm(term, Category.lookup(tag), Severity.lookup(f[2]));
    }
}
