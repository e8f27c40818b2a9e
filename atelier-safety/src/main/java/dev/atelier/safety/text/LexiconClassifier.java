package dev.atelier.safety.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The prompt classifier: a multilingual lexicon of harmful terms with a category and severity each, matched after
 * de-obfuscation ({@link TextNormalizer}), plus context rules (applied by {@link Tally}):
 * <ol>
 *   <li>benign collocations neutralise the harmful terms inside them ("kill the lights", "chicken breast"), and those
 *       whose first word they hold ("photo shoot" neutralises "shoot ~ woman" in "a photo shoot of a woman");</li>
 *   <li>an intensifier ("explicit", "brutal") raises its category one level when another term of that category
 *       matched;</li>
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
        var tally = new Tally();
        for (var m : matches) {
            if (m.payload() instanceof LexiconEntry.Benign || benign.stream().noneMatch(b -> m.within(b) || m.startsIn(b))) tally.add(m);
        }
        return tally.analysis();
    }
}
