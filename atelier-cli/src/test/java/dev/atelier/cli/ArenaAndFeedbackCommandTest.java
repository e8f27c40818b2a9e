package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier arena simulate} and {@code atelier feedback export} on the tiny model. */
class ArenaAndFeedbackCommandTest {
    @TempDir
    Path dir;

    Path models() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("tiny-sd"),
                Path.of(System.getProperty("atelier.root")).resolve("../shared/fixtures/tiny-sd-onnx").toAbsolutePath().normalize());
        return models;
    }

    @Test
    void simulateWithAFixedPreferencePutsThePreferredContestantFirst() throws Exception {
        Path arena = dir.resolve("arena.yaml");
        Files.writeString(arena, """
                contestants:
                  - {name: two, model: tiny-sd, size: 64x64, steps: 2}
                  - {name: three, model: tiny-sd, size: 64x64, steps: 3}
                  - {name: four, model: tiny-sd, size: 64x64, steps: 4}
                """);
        CliRun r = CliRun.of("arena", "simulate", "--battles", "12", "--rule", "fixed:four,three,two", "--arena", arena.toString(),
                "--data-dir", dir.resolve("data").toString(), "--models-dir", models().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("12 battles voted");
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[2]).contains("four");
        assertThat(lines[4]).contains("two");
        assertThat(r.err()).contains("battle 12/12");
    }

    @Test
    void simulateWithTheJudgeRuleVotesOnTheShippedModels() throws Exception {
        Path root = Path.of(System.getProperty("atelier.root")).toAbsolutePath().normalize();
        Path models = Files.createDirectories(dir.resolve("shipped"));
        for (String m : new String[]{"atelier-image-1", "atelier-image-2"}) {
            Files.createSymbolicLink(models.resolve(m), root.resolve("models").resolve(m));
        }
        CliRun r = CliRun.of("arena", "simulate", "--battles", "4", "--rule", "judge", "--judge", root.resolve("models/atelier-judge").toString(),
                "--data-dir", dir.resolve("data").toString(), "--models-dir", models.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 battles voted").contains("atelier-image-1").contains("atelier-image-2");
        assertThat(r.err()).contains("battle 4/4");
    }

    @Test
    void theJudgeRuleWithoutAJudgePackageIsAUserError() throws Exception {
        CliRun r = CliRun.of("arena", "simulate", "--rule", "judge", "--judge", dir.resolve("no-judge").toString(),
                "--data-dir", dir.resolve("data").toString(), "--models-dir", models().toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("judge package not found").contains("--judge");
    }

    @Test
    void simulateRejectsAnUnknownRuleClearly() {
        CliRun r = CliRun.of("arena", "simulate", "--rule", "coin", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("fixed:NAME").contains("judge");
    }

    @Test
    void feedbackExportWritesNothingForAFreshServer() throws Exception {
        Path out = dir.resolve("feedback.jsonl");
        CliRun r = CliRun.of("feedback", "export", "-o", out.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("exported 0 images");
        assertThat(Files.readString(out)).isEmpty();
    }
}
