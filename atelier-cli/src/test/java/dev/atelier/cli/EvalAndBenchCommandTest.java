package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAndBenchCommandTest {
    static final Path ROOT = Path.of(System.getProperty("atelier.root"));
    static final Path REAL = ROOT.resolve("atelier-eval/src/test/resources/real-suite");
    static final String TINY = ROOT.resolve("../shared/fixtures/tiny-sd-onnx").normalize().toString();

    @TempDir
    Path tmp;

    @Test
    void evalJudgesAFolderOfImagesAndWritesBothReports() throws Exception {
        CliRun r = CliRun.of("eval", "--images", REAL.toString(), "--prompts", REAL.resolve("prompts.jsonl").toString(),
                "--images-per-prompt", "1", "--judge", ROOT.resolve("models/atelier-judge").toString(),
                "--out", tmp.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("score ").contains("FD-judge");
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(report.get("categories").size()).isEqualTo(6);
        assertThat(report.get("results").size()).isEqualTo(24);
        assertThat(Files.readString(tmp.resolve("report.html"))).contains("<svg").contains("Worst prompts");
        assertThat(tmp.resolve("grid-two.png")).exists();
    }

    @Test
    void evalGeneratesWithTheEngine() throws Exception {
        CliRun r = CliRun.of("eval", "--model", TINY, "--prompts", REAL.resolve("prompts.jsonl").toString(),
                "--per-category", "1", "--images-per-prompt", "1", "--steps", "2",
                "--judge", ROOT.resolve("models/atelier-judge").toString(), "--out", tmp.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(report.get("prompts").asInt()).isEqualTo(6);
        assertThat(tmp.resolve("images/single-000-0.png")).exists();
    }

    @Test
    void benchMeasuresLatencyStagesAndThroughput() throws Exception {
        CliRun r = CliRun.of("bench", "--model", TINY, "--size", "64", "--steps", "2", "--runs", "3", "--warmup", "0",
                "--concurrency", "1,2", "--requests", "1", "--no-baseline", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(report.get("warm").get("runs").asInt()).isEqualTo(3);
        assertThat(report.get("stages").get("stepMs").size()).isGreaterThanOrEqualTo(2);  // PNDM adds a warm-up step
        assertThat(report.get("throughput").size()).isEqualTo(2);
        assertThat(report.get("engineOverheadPct").asDouble()).isBetween(0.0, 100.0);
        assertThat(report.get("baselineNote").asText()).isEqualTo("--no-baseline");
        assertThat(Files.readString(tmp.resolve("report.html"))).contains("<svg");
    }

    @Test
    void benchRefusesStepsTheModelCannotTakeNamingTheOption() {
        CliRun r = CliRun.of("bench", "--model", TINY, "--steps", "0", "--no-baseline", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).isEqualToIgnoringNewLines("error: --steps must be between 1 and 1000, got 0");
        assertThat(tmp.resolve("report.json")).doesNotExist();
    }

    @Test
    void benchStopsWithTheBaselinesRefusalOfTheReferenceBlasBeforeMeasuring() throws Exception {
        CliRun r = CliRun.of(fakeBaseline("bench", "--model", TINY, "--size", "64", "--steps", "2", "--runs", "1",
                "--warmup", "0", "--concurrency", "1", "--requests", "1", "--out", tmp.resolve("out").toString()));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("error: PyTorch baseline refused: torch runs its matmuls on the reference BLAS")
                .contains("apt-get install libopenblas0-openmp").contains("--baseline-anyway")
                .doesNotContain("warm run");
        assertThat(tmp.resolve("out/report.json")).doesNotExist();
    }

    @Test
    void benchBaselineAnywayComparesOnTheReferenceBlasAndSaysSo() throws Exception {
        CliRun r = CliRun.of(fakeBaseline("bench", "--model", TINY, "--size", "64", "--steps", "2", "--runs", "1",
                "--warmup", "0", "--concurrency", "1", "--requests", "1", "--out", tmp.resolve("out").toString(),
                "--baseline-anyway"));
        assertThat(r.exit()).as(r.err()).isZero();
        String line = "eager, " + Runtime.getRuntime().availableProcessors();
        assertThat(r.out()).contains("PyTorch 1.13.0a0 " + line).contains("BLAS reference (libblas.so.3.11.0), 2.9 GFLOP/s "
                + "fp32 matmul [reference BLAS compared anyway (--baseline-anyway)").contains("precisions fp32, bf16 autocast");
        assertThat(Files.readString(tmp.resolve("out/report.html"))).contains("PyTorch baseline set-up")
                .contains("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0");
        JsonNode blas = new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile()).get("baseline").get("blas");
        assertThat(blas.get("kind").asText()).isEqualTo("reference");
        assertThat(blas.get("baselineAnyway").asBoolean()).isTrue();
    }

    /** The arguments plus a trainer checkpoint and atelier-eval's stand-in for torch_baseline.py (reference BLAS). */
    private String[] fakeBaseline(String... args) throws Exception {
        Files.createDirectories(tmp.resolve("ckpt"));
        Files.writeString(tmp.resolve("ckpt/checkpoint.json"), "{}");
        var all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--torch-checkpoint", tmp.resolve("ckpt").toString(), "--python", "/usr/bin/python3",
                "--torch-script", ROOT.resolve("atelier-eval/src/test/resources/bench/fake_torch_baseline.py").toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void evalRejectsAMissingPromptsFile() {
        CliRun r = CliRun.of("eval", "--images", REAL.toString(), "--prompts", tmp.resolve("nope.jsonl").toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("prompts file not found");
    }
}
