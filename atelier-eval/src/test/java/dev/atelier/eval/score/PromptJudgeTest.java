package dev.atelier.eval.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.run.FolderSource;
import dev.atelier.eval.suite.Suite;
import dev.atelier.eval.suite.SuitePrompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arena's judge votes on free-text prompts, on the committed real renderings of suite prompts: the concepts a
 * prompt names are read from its words, and an image of the prompt beats an image of another prompt.
 */
class PromptJudgeTest {
    private static final Path ROOT = Path.of(System.getProperty("atelier.root"));
    private static final Path REAL = Path.of("src/test/resources/real-suite");
    private static Judge judge;
    private static PromptJudge prompts;

    @BeforeAll
    static void open() {
        judge = Judge.open(ROOT.resolve("models/atelier-judge"), 2);
        prompts = new PromptJudge(judge);
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    private static List<String> labels(String prompt) {
        return prompts.namedConcepts(prompt).stream().map(judge.info().conceptLabels()::get).toList();
    }

    @Test
    void theNamedConceptsAreTheLongestLabelsInPromptOrder() {
        assertThat(labels("a fox and a rabbit face")).containsExactly("fox", "rabbit face");
        assertThat(labels("A red apple on a white background")).containsExactly("red apple");
        assertThat(labels("a butterfly over a rose")).containsExactly("butterfly", "rose");
        assertThat(labels("Penguin!")).containsExactly("penguin");
        assertThat(labels("a doghouse")).as("labels match whole words only").doesNotContain("dog");
        assertThat(labels("something abstract")).isEmpty();
    }

    @Test
    void anImageOfThePromptBeatsAnImageOfAnotherPrompt() throws Exception {
        List<SuitePrompt> suite = Suite.read(REAL.resolve("prompts.jsonl"));
        var real = new FolderSource(REAL);
        int wins = 0, losses = 0;
        for (int i = 0; i < suite.size(); i++) {
            SuitePrompt p = suite.get(i);
            RgbImage own = real.images(p, 1).getFirst();
            RgbImage other = real.images(suite.get((i + 5) % suite.size()), 1).getFirst();
            PromptJudge.Score mine = prompts.score(p.prompt(), own);
            PromptJudge.Score theirs = prompts.score(p.prompt(), other);
            int c = PromptJudge.compare(mine, theirs);
            assertThat(prompts.compare(p.prompt(), own, other)).as("compare of the images = compare of their scores").isEqualTo(c);
            assertThat(PromptJudge.compare(theirs, mine)).as("the order is antisymmetric").isEqualTo(-c);
            if (c > 0) wins++;
            if (c < 0) losses++;
        }
        System.out.printf("real rendering vs another prompt's: %d wins, %d losses, %d ties of %d%n", wins, losses,
                suite.size() - wins - losses, suite.size());
        assertThat(wins).isGreaterThanOrEqualTo(suite.size() * 3 / 4);
        assertThat(losses).isLessThanOrEqualTo(2);
    }

    @Test
    void anImageIsTiedWithItself() throws Exception {
        SuitePrompt p = Suite.read(REAL.resolve("prompts.jsonl")).getFirst();
        RgbImage image = new FolderSource(REAL).images(p, 1).getFirst();
        assertThat(prompts.compare(p.prompt(), image, image)).isZero();
    }
}
