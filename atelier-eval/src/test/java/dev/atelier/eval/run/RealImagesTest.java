package dev.atelier.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.report.EvalReport;
import dev.atelier.eval.suite.Suite;
import dev.atelier.eval.suite.SuitePrompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring itself, on real renderings of suite prompts (4 per category, committed under
 * src/test/resources/real-suite) judged by the committed judge package: the right images score near 1, the
 * same images given to other prompts score near chance.
 */
class RealImagesTest {
    private static final Path ROOT = Path.of(System.getProperty("atelier.root"));
    private static final Path REAL = Path.of("src/test/resources/real-suite");
    private static Judge judge;
    private static List<SuitePrompt> prompts;

    @TempDir
    Path out;

    @BeforeAll
    static void open() throws Exception {
        judge = Judge.open(ROOT.resolve("models/atelier-judge"), 2);
        prompts = Suite.read(REAL.resolve("prompts.jsonl"));
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void realImagesOfTheExpectedAttributesScoreNearOne() throws Exception {
        EvalReport r = new Evaluation(judge).run(prompts, prompts, new FolderSource(REAL), 1, out, "real", n -> { });
        assertThat(r.categories()).hasSize(6);
        assertThat(r.score()).isGreaterThanOrEqualTo(0.85);
        assertThat(r.clipScore()).isGreaterThan(40);
    }

    @Test
    void shuffledImagesScoreNearChance() throws Exception {
        // each prompt gets the image of the prompt 5 places further on: another category and other concepts
        ImageSource shuffled = new ImageSource() {
            final FolderSource real = new FolderSource(REAL);

            @Override
            public List<RgbImage> images(SuitePrompt p, int n) throws Exception {
                return real.images(prompts.get((prompts.indexOf(p) + 5) % prompts.size()), n);
            }

            @Override
            public String describe() {
                return "shuffled";
            }
        };
        EvalReport r = new Evaluation(judge).run(prompts, prompts, shuffled, 1, out, "shuffled", n -> { });
        assertThat(r.score()).isLessThanOrEqualTo(0.1);
    }

    @Test
    void theRealImagesAreAtFrechetDistanceNearZeroFromTheirReference() throws Exception {
        EvalReport r = new Evaluation(judge).run(prompts, prompts, new FolderSource(REAL), 1, out, "real", n -> { });
        // the prompts file is not the full suite, so the reference is all 2,160 real renderings
        assertThat(r.referenceImages()).isEqualTo(judge.referenceFeatures().length);
        assertThat(r.precision()).isGreaterThan(0.9);
    }

    @Test
    void judgePackageTokenizerMatchesItsTestVectors() {
        var info = judge.info();
        for (var v : info.tokenizerTests()) assertThat(info.tokenizer().encode(v.text())).as(v.text()).containsExactly(v.ids());
    }

    @Test
    void frechetDistanceOfTheReferenceWithItselfIsZero() {
        float[][] ref = judge.referenceFeatures();
        assertThat(dev.atelier.eval.metrics.Frechet.distance(ref, ref)).isCloseTo(0, within(1e-6));
    }
}
