package dev.atelier.engine.library;

import dev.atelier.engine.library.LibraryEntry.Origin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the library entries a prompt names (docs/model-package.md, "Retrieval"; {@code atelier_train.retrieval} is the
 * same algorithm and the shared vectors hold both to it). Names match as whole words of the normalised prompt, or
 * anywhere in it for scripts written without spaces; the longest match wins, then a name over a tag name, then a user
 * entry; at most {@link #MAX_HITS} distinct entries are returned in prompt order, those named by a name before those
 * named by a tag name only, each in the asked style or the preferred one it has.
 * Immutable and thread-safe.
 */
public final class Retriever {
    /** The most entries one prompt retrieves. */
    public static final int MAX_HITS = 2;

    private final Library library;
    private final List<LibraryEntry> entries;               // by rank
    private final Map<String, List<Named>> spaced = new HashMap<>();   // name -> the entries it names
    private final Map<String, List<Named>> unspaced = new HashMap<>();
    private final int maxWords;
    private final Map<Integer, int[]> unspacedLengths = new HashMap<>(); // first code point -> lengths of such names
    private final List<StylePhrase> stylePhrases;

    private record StylePhrase(String phrase, String style) {
    }

    // an entry a name names: its rank, and whether the name is one of its tag names
    private record Named(int rank, boolean tag) {
    }

    private record Span(int start, int end, int rank, String name, boolean tag) {
        int length() {
            return end - start;
        }
    }

    public Retriever(Library library) {
        this.library = library;
        this.entries = library.entries();
        for (int rank = 0; rank < entries.size(); rank++) {
            for (String n : entries.get(rank).names()) index(n, new Named(rank, false));
            for (String n : entries.get(rank).tagNames()) index(n, new Named(rank, true));
        }
        maxWords = spaced.keySet().stream().mapToInt(n -> (int) n.chars().filter(c -> c == ' ').count() + 1).max().orElse(0);
        var lengths = new HashMap<Integer, java.util.TreeSet<Integer>>();
        for (String n : unspaced.keySet()) {
            lengths.computeIfAbsent(n.codePointAt(0), k -> new java.util.TreeSet<>()).add(n.codePointCount(0, n.length()));
        }
        lengths.forEach((first, ls) -> unspacedLengths.put(first, ls.stream().mapToInt(Integer::intValue).toArray()));
        record Ranked(String phrase, int style, int order, String name) {
        }
        var phrases = new ArrayList<Ranked>();
        List<String> styles = library.styles();
        for (int i = 0; i < styles.size(); i++) {
            List<String> words = library.styleWords().get(styles.get(i));
            for (int j = 0; j < words.size(); j++) phrases.add(new Ranked(PromptText.normalize(words.get(j)), i, j, styles.get(i)));
        }
        stylePhrases = phrases.stream().filter(p -> !p.phrase().isEmpty())
                .sorted(Comparator.comparingInt((Ranked p) -> -p.phrase().codePointCount(0, p.phrase().length()))
                        .thenComparingInt(Ranked::style).thenComparingInt(Ranked::order))
                .map(p -> new StylePhrase(p.phrase(), p.name())).toList();
    }

    /** The library this retrieves from. */
    public Library library() {
        return library;
    }

    /** The entries {@code prompt} names, with their sprites, and the style it asks for. */
    public Retrieval retrieve(String prompt) {
        String text = " " + PromptText.normalize(prompt) + " ";
        int[] cps = text.codePoints().toArray();
        List<Span> spans = candidates(cps);
        spans.sort(Comparator.comparingInt((Span m) -> -m.length()).thenComparing(Span::tag)
                .thenComparingInt(m -> entries.get(m.rank()).origin() == Origin.USER ? 0 : 1)
                .thenComparingInt(Span::start).thenComparingInt(Span::rank));
        boolean[] taken = new boolean[cps.length];
        var chosen = new ArrayList<Span>();
        for (Span m : spans) {
            boolean free = true;
            for (int i = m.start(); i < m.end() && free; i++) free = !taken[i];
            if (!free) continue;
            for (int i = m.start(); i < m.end(); i++) taken[i] = true;
            chosen.add(m);
        }
        chosen.sort(Comparator.comparingInt(Span::start));
        var picked = new ArrayList<Span>();
        Set<Integer> seen = new HashSet<>();
        for (boolean tags : new boolean[] {false, true}) { // tag names only fill the hits that names leave
            for (Span m : chosen) {
                if (m.tag() == tags && picked.size() < MAX_HITS && seen.add(m.rank())) picked.add(m);
            }
        }
        picked.sort(Comparator.comparingInt(Span::start));
        Optional<String> asked = askedStyle(text);
        var hits = new ArrayList<Retrieval.Hit>();
        for (Span m : picked) {
            LibraryEntry entry = entries.get(m.rank());
            String style = styleFor(entry, asked);
            hits.add(new Retrieval.Hit(entry, style, asked.isPresent() && asked.get().equals(style), m.name(), m.start(), m.end(),
                    library.sprite(entry, style)));
        }
        return new Retrieval(text, asked, hits);
    }

    /** The asked style if the entry has it, else the first of the style preference it has, else its first style. */
    public String styleFor(LibraryEntry entry, Optional<String> asked) {
        if (asked.isPresent() && entry.styles().contains(asked.get())) return asked.get();
        return library.stylePreference().stream().filter(entry.styles()::contains).findFirst().orElse(entry.styles().getFirst());
    }

    // Every occurrence of every name: spaced names between two spaces, unspaced ones anywhere. [start, end) in code points.
    private List<Span> candidates(int[] cps) {
        var out = new ArrayList<Span>();
        var spaces = new ArrayList<Integer>();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == ' ') spaces.add(i);
        }
        for (int a = 0; a < spaces.size(); a++) {
            for (int b = a + 1; b < Math.min(spaces.size(), a + 1 + maxWords); b++) {
                int start = spaces.get(a) + 1;
                int end = spaces.get(b);
                String s = new String(cps, start, end - start);
                for (Named n : spaced.getOrDefault(s, List.of())) out.add(new Span(start, end, n.rank(), s, n.tag()));
            }
        }
        for (int start = 0; start < cps.length; start++) {
            for (int length : unspacedLengths.getOrDefault(cps[start], new int[0])) {
                int end = start + length;
                if (end > cps.length) break;
                String s = new String(cps, start, length);
                for (Named n : unspaced.getOrDefault(s, List.of())) out.add(new Span(start, end, n.rank(), s, n.tag()));
            }
        }
        return out;
    }

    private void index(String name, Named named) {
        (PromptText.isUnspaced(name) ? unspaced : spaced).computeIfAbsent(name, k -> new ArrayList<>()).add(named);
    }

    private Optional<String> askedStyle(String text) {
        for (StylePhrase p : stylePhrases) {
            if (PromptText.isUnspaced(p.phrase()) ? text.contains(p.phrase()) : text.contains(" " + p.phrase() + " ")) {
                return Optional.of(p.style());
            }
        }
        return Optional.empty();
    }
}
