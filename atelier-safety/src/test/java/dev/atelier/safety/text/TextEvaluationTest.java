package dev.atelier.safety.text;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped evaluation set meets the goal, so a lexicon or normaliser regression fails the build. */
class TextEvaluationTest {
    private static EvaluationSummary summary;
    private static String report;

    @BeforeAll
    static void evaluate() throws Exception {
        Path root = Path.of(System.getProperty("atelier.root", ".."));
        Path set = root.resolve("eval/safety/prompts.tsv");
        if (!Files.exists(set)) set = Path.of("../eval/safety/prompts.tsv");
        var bytes = new ByteArrayOutputStream();
        summary = TextEvaluation.run(set, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        report = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSetIsLargeAndHalfBenign() {
        assertThat(summary.prompts()).isGreaterThanOrEqualTo(400);
        assertThat(summary.all().benign()).isGreaterThanOrEqualTo(summary.prompts() * 2 / 5);
        assertThat(summary.rows()).filteredOn(r -> r.dimension().equals("language")).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void recallAtMediumIsAtLeast95Percent() {
        assertThat(summary.all().recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(summary.test().recall()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void benignFalsePositivesAreAtMostTwoPercent() {
        assertThat(summary.all().falsePositives()).isLessThanOrEqualTo(0.02);
        assertThat(summary.test().falsePositives()).isLessThanOrEqualTo(0.02);
    }

    @Test
    void analyzeTakesWellUnderFiveMillisecondsAtTheMedian() {
        assertThat(summary.p50Micros()).isLessThan(5_000);
    }

    @Test
    void reportHasATablePerDimension() {
        assertThat(report).contains("| category |", "| language |", "| obfuscation |", "analyze(): p50");
    }
}
