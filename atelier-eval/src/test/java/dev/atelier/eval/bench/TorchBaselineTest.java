package dev.atelier.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchBaselineTest {
    // What torch_baseline.py printed on this project's VM after `apt-get install libopenblas0-openmp` (trimmed).
    static final String OPENBLAS = """
            {"torch": "1.13.0a0", "threads": 2,
             "blas": {"kind": "openblas", "library": "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so",
                      "loaded": ["/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so",
                                 "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"],
                      "torch_build_blas": "generic", "matmul_gflops_fp32": 199.5, "threads": 2},
             "results": {"fp32": {"ms": [216.8, 207.4]}, "bf16": {"ms": [154.8, 150.8]}}}
            """;

    @TempDir
    Path tmp;

    @Test
    void theBlasBlockIsReadAndNamedInTheSetupLine() throws Exception {
        var r = TorchBaseline.parse(new ObjectMapper().readTree(OPENBLAS), "cmd");
        assertThat(r.blas()).isEqualTo(new TorchBlas("openblas",
                "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so", 199.5, 2, "generic", false));
        assertThat(r.best()).isEqualTo("bf16");
        assertThat(r.setup(false)).isEqualTo("PyTorch 1.13.0a0 eager, 2 threads, BLAS openblas "
                + "(libopenblasp-r0.3.21.so), 200 GFLOP/s fp32 matmul, precisions fp32, bf16 autocast");
        assertThat(r.setup(true)).contains("(/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so)");
    }

    @Test
    void aScriptWithoutTheBlasCheckSaysTheBlasWasNotReported() throws Exception {
        var r = TorchBaseline.parse(new ObjectMapper().readTree("""
                {"torch": "1.13.0a0", "threads": 1, "results": {"fp32": {"ms": [10.0]}}}"""), "cmd");
        assertThat(r.blas()).isNull();
        assertThat(r.setup(false)).isEqualTo("PyTorch 1.13.0a0 eager, 1 thread, BLAS not reported "
                + "(a baseline script without the BLAS check), precisions fp32");
    }

    @Test
    void theReferenceBlasIsRefusedWithTheScriptsMessage() throws Exception {
        var setup = setup(false);
        assertThatThrownBy(() -> TorchBaseline.checkBlas(setup)).isInstanceOf(TorchBaseline.Refused.class)
                .hasMessageStartingWith("PyTorch baseline refused: torch runs its matmuls on the reference BLAS")
                .hasMessageContaining("apt-get install libopenblas0-openmp");
        assertThatThrownBy(() -> TorchBaseline.run(setup)).isInstanceOf(TorchBaseline.Refused.class);
    }

    @Test
    void baselineAnywayRunsOnTheReferenceBlasAndTheSetupLineSaysSo() throws Exception {
        assertThat(TorchBaseline.checkBlas(setup(true)).baselineAnyway()).isTrue();
        var r = TorchBaseline.run(setup(true));
        assertThat(r.command()).contains("--baseline-anyway");
        assertThat(r.best()).isEqualTo("fp32");
        assertThat(r.setup(false)).contains("BLAS reference (libblas.so.3.11.0), 2.9 GFLOP/s fp32 matmul [reference BLAS "
                + "compared anyway (--baseline-anyway)");
    }

    @Test
    void aFailingScriptIsAFailureNotARefusal() throws Exception {
        var s = new TorchBaseline.Setup("/usr/bin/python3", tmp.resolve("missing.py"), tmp, null, tmp, 1, 0, 1, null, 60, false);
        assertThatThrownBy(() -> TorchBaseline.checkBlas(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("PyTorch baseline failed (exit 2)");
    }

    private TorchBaseline.Setup setup(boolean anyway) throws URISyntaxException {
        Path fake = Path.of(getClass().getResource("/bench/fake_torch_baseline.py").toURI());
        return new TorchBaseline.Setup("/usr/bin/python3", fake, tmp, null, tmp, 2, 0, 2, null, 60, anyway);
    }
}
