package dev.atelier.eval.score;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.judge.DetectedObject;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.judge.JudgeReading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The suite's judge on a free-text prompt (an arena battle's), where no expected attributes are written down: the
 * concepts the prompt names are the judge's concept labels found in it, and an image is scored by how many of them
 * its largest objects show, then by the judge's prompt–image similarity (CLIPScore-judge).
 */
public final class PromptJudge {
    /** Similarities closer than this are a tie (the judge's cosines of one prompt's images differ by about 0.01–0.05). */
    public static final double CLIP_TIE = 0.01;

    private final Judge judge;
    private final List<String> labels;  // the judge's concept labels as " words ", normalised once
    private final List<Integer> longestFirst;  // concept indices, longest label first

    public PromptJudge(Judge judge) {
        this.judge = judge;
        this.labels = judge.info().conceptLabels().stream().map(PromptJudge::words).toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) order.add(i);
        List<String> raw = judge.info().conceptLabels();
        order.sort(Comparator.comparingInt((Integer i) -> -raw.get(i).length()));
        this.longestFirst = List.copyOf(order);
    }

    // lower case, runs of anything but letters and digits as one space, padded with a space on each side
    private static String words(String text) {
        return " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip() + " ";
    }

    /**
     * An image's score for a prompt.
     *
     * @param found how many of the named concepts are among the image's largest objects (as many objects as named)
     * @param named the concepts (judge indices) the prompt names, in prompt order
     * @param clip  cosine of the judge's image and prompt embeddings
     */
    public record Score(int found, List<Integer> named, double clip) {
        public Score {
            named = List.copyOf(named);
        }
    }

    /**
     * The judge's concepts named in {@code prompt}: labels found as whole words, case-insensitively, the longest first
     * and not overlapping an earlier find ("a rabbit face" names "rabbit face", not "rabbit"); in prompt order.
     */
    public List<Integer> namedConcepts(String prompt) {
        String text = words(prompt);
        boolean[] taken = new boolean[text.length()];
        List<int[]> found = new ArrayList<>();  // {start, concept}
        for (int i : longestFirst) {
            String label = labels.get(i);
            for (int at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
                boolean free = true;
                for (int k = at + 1; k < at + label.length() - 1 && free; k++) free = !taken[k];
                if (!free) continue;
                for (int k = at + 1; k < at + label.length() - 1; k++) taken[k] = true;
                found.add(new int[]{at, i});
                break;
            }
        }
        found.sort(Comparator.comparingInt(f -> f[0]));
        return found.stream().map(f -> f[1]).toList();
    }

    /** The score of {@code image} for {@code prompt}. */
    public Score score(String prompt, RgbImage image) {
        return score(namedConcepts(prompt), judge.embedTexts(List.of(prompt))[0], image);
    }

    // the score given the prompt's named concepts and text embedding, which two images of one prompt share
    private Score score(List<Integer> named, float[] text, RgbImage image) {
        JudgeReading r = judge.read(List.of(image)).getFirst();
        List<Integer> shown = r.objects().stream().limit(Math.max(1, named.size())).map(DetectedObject::concept).toList();
        int found = (int) named.stream().distinct().filter(shown::contains).count();
        double clip = 0;
        for (int k = 0; k < text.length; k++) clip += text[k] * r.embedding()[k];
        return new Score(found, named, clip);
    }

    /**
     * Which image is better for {@code prompt}: more named concepts shown wins, then a similarity higher by more than
     * {@link #CLIP_TIE}; otherwise a tie. Positive: {@code a}; negative: {@code b}; 0: tie.
     */
    public int compare(String prompt, RgbImage a, RgbImage b) {
        List<Integer> named = namedConcepts(prompt);
        float[] text = judge.embedTexts(List.of(prompt))[0];
        return compare(score(named, text, a), score(named, text, b));
    }

    /** The order of {@link #compare(String, RgbImage, RgbImage)} on two scores of one prompt. */
    public static int compare(Score a, Score b) {
        if (a.found() != b.found()) return Integer.compare(a.found(), b.found());
        if (Math.abs(a.clip() - b.clip()) <= CLIP_TIE) return 0;
        return Double.compare(a.clip(), b.clip());
    }
}
