package dev.atelier.engine.library;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layout planner of a retrieval model (docs/model-package.md, "Layout planner"; {@code atelier_train.planner} is
 * the same rules and the shared vectors hold both to them): where the retrieved sprites go in the draft, with the
 * geometry of the training compositions at the middle of each range.
 * <ul>
 *   <li>two hits: a relation between their names ({@code left of}, {@code above}, ...), else a phrase after both
 *       ({@code the dog on the right}), else the first on the left; side {@value #PAIR_SIDE}</li>
 *   <li>one hit: a count word just before the name (two to four) makes a row, a triangle or a 2 x 2 grid; else a
 *       position phrase anywhere in the prompt moves it; else it is centred; its side follows {@code small},
 *       {@code large} or {@code big} among the three words before the name</li>
 *   <li>no hit: no plan (no draft: the model draws from the text alone)</li>
 * </ul>
 * Immutable; all constants of the rules are here.
 */
public final class Planner {
    /** One sprite of the draft: the hit it draws and its centre and side as fractions of the canvas side. */
    public record Item(int hit, double cx, double cy, double side) {
    }

    private record Phrase(String text, String value) {
    }

    private record Spot(double x, double y) {
    }

    // relation of the first hit to the second, phrases between the two names, checked in this order
    private static final List<Phrase> RELATIONS = List.of(new Phrase("to the left of", "left"),
            new Phrase("on the left of", "left"), new Phrase("left of", "left"), new Phrase("to the right of", "right"),
            new Phrase("on the right of", "right"), new Phrase("right of", "right"), new Phrase("on top of", "top"),
            new Phrase("above", "top"), new Phrase("over", "top"), new Phrase("beneath", "bottom"),
            new Phrase("below", "bottom"), new Phrase("under", "bottom"));
    // where the first hit goes, phrases after both names
    private static final List<Phrase> AFTER = List.of(new Phrase("on the left", "left"), new Phrase("on the right", "right"),
            new Phrase("at the top", "top"), new Phrase("at the bottom", "bottom"));
    private static final Map<String, List<Spot>> PAIR = Map.of(
            "left", List.of(new Spot(0.27, 0.5), new Spot(0.73, 0.5)), "right", List.of(new Spot(0.73, 0.5), new Spot(0.27, 0.5)),
            "top", List.of(new Spot(0.5, 0.27), new Spot(0.5, 0.73)), "bottom", List.of(new Spot(0.5, 0.73), new Spot(0.5, 0.27)));
    static final double PAIR_SIDE = 0.40;
    private static final Map<String, Integer> COUNT_WORDS = Map.of("two", 2, "three", 3, "four", 4, "2", 2, "3", 3, "4", 4);
    private static final Map<Integer, Double> COUNT_SIDE = Map.of(2, 0.4 * 0.975, 3, 0.3 * 0.975, 4, 0.36 * 0.975);
    private static final Map<Integer, List<Spot>> COUNT_SPOTS = Map.of(
            2, List.of(new Spot(0.25, 0.5), new Spot(0.75, 0.5)),
            3, List.of(new Spot(0.5, 0.28), new Spot(0.27, 0.7), new Spot(0.73, 0.7)),
            4, List.of(new Spot(0.28, 0.28), new Spot(0.72, 0.28), new Spot(0.28, 0.72), new Spot(0.72, 0.72)));
    // words that may stand between a count word and the name it counts
    private static final Set<String> FILLER = Set.of("a", "an", "the", "of", "copies", "small", "large", "big", "little",
            "tiny", "emoji", "emojis");
    private static final Map<String, Double> OFFSET_SIDE = Map.of("small", 0.235, "medium", 0.38);
    private static final Map<String, Double> CENTRE_SIDE = Map.of("small", 0.26, "medium", 0.6, "large", 0.75);
    // the captions' positions (atelier_train.data.captions POSITIONS) and their phrases, normalised, longest first
    private static final Map<String, Spot> POSITIONS = Map.of("centre", new Spot(0.5, 0.5), "left", new Spot(0.25, 0.5),
            "right", new Spot(0.75, 0.5), "top", new Spot(0.5, 0.25), "bottom", new Spot(0.5, 0.75),
            "top-left", new Spot(0.25, 0.25), "top-right", new Spot(0.75, 0.25), "bottom-left", new Spot(0.25, 0.75),
            "bottom-right", new Spot(0.75, 0.75));
    private static final List<Phrase> POSITION_PHRASES = longestFirst(List.of(
            new Phrase("in the centre", "centre"), new Phrase("in the center", "centre"), new Phrase("in the middle", "centre"),
            new Phrase("on the left", "left"), new Phrase("on the left side", "left"), new Phrase("at the left", "left"),
            new Phrase("on the right", "right"), new Phrase("on the right side", "right"), new Phrase("at the right", "right"),
            new Phrase("at the top", "top"), new Phrase("at the top of the image", "top"), new Phrase("near the top", "top"),
            new Phrase("at the bottom", "bottom"), new Phrase("at the bottom of the image", "bottom"),
            new Phrase("near the bottom", "bottom"),
            new Phrase("in the top left corner", "top-left"), new Phrase("at the top left", "top-left"),
            new Phrase("in the upper left corner", "top-left"),
            new Phrase("in the top right corner", "top-right"), new Phrase("at the top right", "top-right"),
            new Phrase("in the upper right corner", "top-right"),
            new Phrase("in the bottom left corner", "bottom-left"), new Phrase("at the bottom left", "bottom-left"),
            new Phrase("in the lower left corner", "bottom-left"),
            new Phrase("in the bottom right corner", "bottom-right"), new Phrase("at the bottom right", "bottom-right"),
            new Phrase("in the lower right corner", "bottom-right")));

    private Planner() {
    }

    private static List<Phrase> longestFirst(List<Phrase> phrases) {
        var sorted = new ArrayList<>(phrases);
        sorted.sort(Comparator.comparingInt((Phrase p) -> -p.text().length()));  // stable: ties keep their order
        return List.copyOf(sorted);
    }

    /** The draft's items for {@code retrieval}, in painting order; empty when nothing was retrieved. */
    public static List<Item> plan(Retrieval retrieval) {
        List<Retrieval.Hit> hits = retrieval.hits();
        if (hits.isEmpty()) return List.of();
        int[] text = retrieval.prompt().codePoints().toArray();  // Hit.start and end count code points
        if (hits.size() >= 2) {
            Retrieval.Hit a = hits.get(0);
            Retrieval.Hit b = hits.get(1);
            String between = " " + slice(text, a.end(), b.start()).strip() + " ";
            String after = " " + slice(text, b.end(), text.length) + " ";
            String relation = RELATIONS.stream().filter(p -> between.contains(" " + p.text() + " ")).map(Phrase::value)
                    .findFirst().orElseGet(() -> AFTER.stream().filter(p -> after.contains(" " + p.text() + " "))
                            .map(Phrase::value).findFirst().orElse("left"));
            List<Spot> spots = PAIR.get(relation);
            return List.of(new Item(0, spots.get(0).x(), spots.get(0).y(), PAIR_SIDE),
                    new Item(1, spots.get(1).x(), spots.get(1).y(), PAIR_SIDE));
        }
        List<String> before = words(slice(text, 0, hits.getFirst().start()));
        int n = count(before);
        if (n > 1) return COUNT_SPOTS.get(n).stream().map(s -> new Item(0, s.x(), s.y(), COUNT_SIDE.get(n))).toList();
        String size = size(before);
        String padded = " " + retrieval.prompt().strip() + " ";
        for (Phrase p : POSITION_PHRASES) {
            if (padded.contains(" " + p.text() + " ")) {
                Spot s = POSITIONS.get(p.value());
                double side = p.value().equals("centre") ? CENTRE_SIDE.get(size)
                        : OFFSET_SIDE.get(size.equals("small") ? "small" : "medium");
                return List.of(new Item(0, s.x(), s.y(), side));
            }
        }
        return List.of(new Item(0, 0.5, 0.5, CENTRE_SIDE.get(size)));
    }

    private static String slice(int[] codePoints, int from, int to) {
        return from >= to ? "" : new String(codePoints, from, to - from);
    }

    private static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split(" +"));
    }

    // small, large or medium, from the last three words before the name
    private static String size(List<String> before) {
        List<String> last = before.subList(Math.max(0, before.size() - 3), before.size());
        if (last.stream().anyMatch(w -> w.equals("small") || w.equals("little") || w.equals("tiny"))) return "small";
        if (last.stream().anyMatch(w -> w.equals("large") || w.equals("big"))) return "large";
        return "medium";
    }

    // the count word just before the name, skipping articles and size words
    private static int count(List<String> before) {
        for (int i = before.size() - 1; i >= 0; i--) {
            String w = before.get(i);
            if (COUNT_WORDS.containsKey(w)) return COUNT_WORDS.get(w);
            if (!FILLER.contains(w)) return 1;
        }
        return 1;
    }
}
