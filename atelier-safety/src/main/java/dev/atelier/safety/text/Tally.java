package dev.atelier.safety.text;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-call state of {@link LexiconClassifier#analyze}: the lexicon matches of one prompt (benign collocations
 * already applied), and the context rules that turn them into severities. Not thread-safe; one per call.
 */
final class Tally {
    private final Map<Category, Severity> severities = new EnumMap<>(Category.class);
    /** Where harm terms start, per category; "nude" and "nud*" on one word are one term, not two. */
    private final Map<Category, Set<Integer>> harmAt = new EnumMap<>(Category.class);
    private final Map<Category, Set<Integer>> lowAt = new EnumMap<>(Category.class);
    private final Map<Category, Set<Integer>> intensifierAt = new EnumMap<>(Category.class);
    private final Set<String> evidence = new LinkedHashSet<>();
    private boolean minor;
    private boolean group;
    private boolean dehumanizing;

    void add(PhraseIndex.Match<LexiconEntry> m) {
        int at = m.unspaced() ? -1 - m.start() : m.start();
        switch (m.payload()) {
            case LexiconEntry.Harm h -> {
                severities.merge(h.category(), h.severity(), Severity::max);
                harmAt.computeIfAbsent(h.category(), k -> new HashSet<>()).add(at);
                if (h.severity() == Severity.LOW) lowAt.computeIfAbsent(h.category(), k -> new HashSet<>()).add(at);
                evidence.add(h.category().wireName() + ":" + h.severity().wireName() + ":" + h.term());
            }
            case LexiconEntry.Intensifier i -> intensifierAt.computeIfAbsent(i.category(), k -> new HashSet<>()).add(at);
            case LexiconEntry.Minor ignored -> minor = true;
            case LexiconEntry.Group ignored -> group = true;
            case LexiconEntry.Dehumanizing ignored -> dehumanizing = true;
            case LexiconEntry.Benign b -> evidence.add("benign:" + b.term());
        }
    }

    /** Applies the context rules (see {@link LexiconClassifier}) and returns the result. */
    TextAnalysis analysis() {
        lowAt.forEach((c, starts) -> {
            if (starts.size() > 1 && severities.get(c) == Severity.LOW) raise(c, Severity.MEDIUM, starts.size() + " low terms");
        });
        intensifierAt.forEach((c, starts) -> {
            // a word that is both a term and an intensifier ("bloody") does not intensify itself
            boolean other = harmAt.getOrDefault(c, Set.of()).stream().anyMatch(at -> !starts.contains(at));
            Severity s = severities.getOrDefault(c, Severity.SAFE);
            if (other && (s == Severity.LOW || s == Severity.MEDIUM)) {
                raise(c, s == Severity.LOW ? Severity.MEDIUM : Severity.HIGH, "intensified");
            }
        });
        if (group && atLeast(Category.VIOLENCE, Severity.MEDIUM)) raise(Category.HATE, Severity.HIGH, "group+violence");
        else if (group && dehumanizing) raise(Category.HATE, Severity.MEDIUM, "group+dehumanizing");
        if (minor && atLeast(Category.SEXUAL, Severity.LOW)) raise(Category.SEXUAL_MINORS, Severity.HIGH, "minor+sexual");
        return new TextAnalysis(Map.copyOf(severities), List.copyOf(evidence));
    }

    private boolean atLeast(Category c, Severity s) {
        return severities.getOrDefault(c, Severity.SAFE).atLeast(s);
    }

    private void raise(Category c, Severity to, String rule) {
        if (atLeast(c, to)) return;
        severities.put(c, to);
        evidence.add(c.wireName() + ":" + to.wireName() + ":" + rule);
    }
}
