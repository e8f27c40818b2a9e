package dev.atelier.safety.text;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prompt classifier: a multilingual lexicon of harmful terms with a category and severity each, matched after
 * de-obfuscation ({@link TextNormalizer}), plus three context rules:
 * <ol>
 *   <li>benign collocations neutralise the harmful terms inside them ("kill the lights", "chicken breast");</li>
 *   <li>an intensifier ("graphic", "explicit") raises its category one level when that category already matched;</li>
 *   <li>two different low terms of one category make it medium ("terrorist" and "blowing up", "gun" and
 *       "blood");</li>
 *   <li>a protected group ("jews", "immigrants") with violence of medium or above rates hate high, and with a
 *       dehumanising word ("vermin", "rats") hate medium;</li>
 *   <li>a minor term (child, teen, schoolgirl, loli, in every language) together with any sexual term in the
 *       prompt rates {@link Category#SEXUAL_MINORS} high.</li>
 * </ol>
 * A category's severity is the highest any of its terms gives. Immutable, thread-safe, no I/O per call.
 */
public final class LexiconClassifier implements TextClassifier {
    private final Lexicon lexicon;
    private final PhraseIndex<LexiconEntry> index;

    public LexiconClassifier(Lexicon lexicon) {
        this.lexicon = lexicon;
        var terms = new LinkedHashMap<String, List<LexiconEntry>>();
        for (LexiconEntry e : lexicon.entries()) terms.computeIfAbsent(e.term(), k -> new ArrayList<>()).add(e);
        this.index = new PhraseIndex<>(terms);
    }

    /** The classifier over the lexicon shipped in this module's resources. */
    public static LexiconClassifier shipped() {
        return new LexiconClassifier(Lexicon.shipped());
    }

    @Override
    public String describe() {
        return "lexicon classifier v" + lexicon.version() + ": " + index.size() + " terms in "
                + lexicon.languages().size() + " languages, normalised with ICU (NFKC casefold, TR39 skeleton)";
    }

    @Override
    public TextAnalysis analyze(String text) {
        var matches = index.find(TextNormalizer.normalize(text));
        var benign = matches.stream().filter(m -> m.payload() instanceof LexiconEntry.Benign).toList();
        var severities = new EnumMap<Category, Severity>(Category.class);
        var intensified = EnumSet.noneOf(Category.class);
        var lowWords = new EnumMap<Category, Set<Integer>>(Category.class);
        var evidence = new LinkedHashSet<String>();
        boolean minor = false;
        boolean group = false;
        boolean dehumanizing = false;
        for (var m : matches) {
            if (benign.stream().anyMatch(m::within)) continue;
            switch (m.payload()) {
                case LexiconEntry.Harm h -> {
                    severities.merge(h.category(), h.severity(), Severity::max);
                    // where the term starts: "nude" and "nud*" on one word are one low term, not two
                    if (h.severity() == Severity.LOW) {
                        lowWords.computeIfAbsent(h.category(), k -> new HashSet<>()).add(m.unspaced() ? -1 - m.start() : m.start());
                    }
                    evidence.add(h.category().wireName() + ":" + h.severity().wireName() + ":" + h.term());
                }
                case LexiconEntry.Intensifier i -> intensified.add(i.category());
                case LexiconEntry.Minor ignored -> minor = true;
                case LexiconEntry.Group ignored -> group = true;
                case LexiconEntry.Dehumanizing ignored -> dehumanizing = true;
                case LexiconEntry.Benign b -> evidence.add("benign:" + b.term());
            }
        }
        lowWords.forEach((c, starts) -> {
            if (starts.size() > 1 && severities.get(c) == Severity.LOW) {
                severities.put(c, Severity.MEDIUM);
                evidence.add(c.wireName() + ":medium:" + starts.size() + " low terms");
            }
        });
        for (Category c : intensified) {
            Severity s = severities.getOrDefault(c, Severity.SAFE);
            if (s == Severity.LOW || s == Severity.MEDIUM) {
                Severity raised = s == Severity.LOW ? Severity.MEDIUM : Severity.HIGH;
                severities.put(c, raised);
                evidence.add(c.wireName() + ":" + raised.wireName() + ":intensified");
            }
        }
        if (group && severities.getOrDefault(Category.VIOLENCE, Severity.SAFE).atLeast(Severity.MEDIUM)) {
            severities.put(Category.HATE, Severity.HIGH);
            evidence.add("hate:high:group+violence");
        } else if (group && dehumanizing) {
            severities.merge(Category.HATE, Severity.MEDIUM, Severity::max);
            evidence.add("hate:medium:group+dehumanizing");
        }
        if (minor && severities.getOrDefault(Category.SEXUAL, Severity.SAFE).atLeast(Severity.LOW)) {
            severities.put(Category.SEXUAL_MINORS, Severity.HIGH);
            evidence.add("sexual_minors:high:minor+sexual");
        }
        return new TextAnalysis(Map.copyOf(severities), List.copyOf(evidence));
    }
}
