package dev.atelier.safety.text;

/**
 * One line of a lexicon file ({@code lexicon-<language>.tsv}): a term and what it means. Terms are written as a
 * person would (any case, with diacritics, phrases allowed, a trailing {@code *} for a stem); see
 * {@link PhraseIndex} for how they match.
 */
public sealed interface LexiconEntry {
    String term();

    /** A harmful term: its category and the severity it gives on its own. */
    record Harm(String term, Category category, Severity severity) implements LexiconEntry {
        public Harm {
            requireTerm(term);
            if (severity == Severity.SAFE) throw new IllegalArgumentException("harm term '" + term + "' must have a severity above safe");
        }
    }

    /** A word for a child or minor; with any sexual term in the same prompt it rates {@link Category#SEXUAL_MINORS} high. */
    record Minor(String term) implements LexiconEntry {
        public Minor {
            requireTerm(term);
        }
    }

    /** A benign collocation ("kill the lights", "chicken breast"): harmful terms inside it do not count. */
    record Benign(String term) implements LexiconEntry {
        public Benign {
            requireTerm(term);
        }
    }

    /** An intensifier ("explicit", "brutal"): raises its category one level when another term of it matched. */
    record Intensifier(String term, Category category) implements LexiconEntry {
        public Intensifier {
            requireTerm(term);
        }
    }

    /** A protected group ("jews", "immigrants"); with violence of medium or above it rates hate high. */
    record Group(String term) implements LexiconEntry {
        public Group {
            requireTerm(term);
        }
    }

    /** A dehumanising word ("vermin", "rats"); with a protected group it rates hate medium, alone nothing. */
    record Dehumanizing(String term) implements LexiconEntry {
        public Dehumanizing {
            requireTerm(term);
        }
    }

    private static void requireTerm(String term) {
        if (term == null || term.isBlank()) throw new IllegalArgumentException("lexicon term must not be blank");
    }
}
