package dev.atelier.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The BLAS that the PyTorch baseline's matmuls ran on, as {@code torch_baseline.py} found it in its own
 * {@code /proc/self/maps} (the JSON's {@code "blas"} block), and how fast it multiplied.
 *
 * @param kind             openblas, mkl, blis, reference or unknown
 * @param library          the library file (symlinks resolved), or a note such as "linked into torch (BLAS_INFO=mkl)";
 *                         null when none was found
 * @param matmulGflopsFp32 best fp32 GFLOP/s of a 1024 × 1024 @ 1024 × 1024 matmul at {@code threads} threads
 * @param torchBuildBlas   BLAS_INFO of torch's build ("generic": whatever libblas.so.3 points at), or null
 * @param baselineAnyway   true when the baseline ran on the reference BLAS because --baseline-anyway asked it to
 */
public record TorchBlas(String kind, String library, double matmulGflopsFp32, int threads, String torchBuildBlas,
                        boolean baselineAnyway) {
    static final Set<String> KINDS = Set.of("openblas", "mkl", "blis", "reference", "unknown");

    public TorchBlas {
        if (!KINDS.contains(kind)) throw new IllegalArgumentException("BLAS kind must be one of " + KINDS + ", got " + kind);
    }

    /** The script's "blas" block, or null when it has none (a baseline script from before the BLAS check). */
    static TorchBlas parse(JsonNode blas) {
        if (blas == null || blas.isMissingNode() || blas.isNull()) return null;
        return new TorchBlas(blas.path("kind").asText("unknown"), blas.hasNonNull("library") ? blas.get("library").asText() : null,
                blas.path("matmul_gflops_fp32").asDouble(), blas.path("threads").asInt(),
                blas.hasNonNull("torch_build_blas") ? blas.get("torch_build_blas").asText() : null,
                blas.path("baseline_anyway").asBoolean(false));
    }

    /** "openblas (libopenblasp-r0.3.21.so), 199 GFLOP/s fp32 matmul"; {@code fullPath} keeps the library's folder. */
    public String describe(boolean fullPath) {
        String lib = library == null ? "no library found" : fullPath || !library.startsWith("/") ? library
                : Path.of(library).getFileName().toString();
        String s = String.format(Locale.ROOT, matmulGflopsFp32 < 10 ? "%s (%s), %.1f GFLOP/s fp32 matmul"
                : "%s (%s), %.0f GFLOP/s fp32 matmul", kind, lib, matmulGflopsFp32);
        // bf16 autocast goes to oneDNN, not the BLAS, so only the fp32 times are the BLAS's.
        return baselineAnyway ? s + " [reference BLAS compared anyway (--baseline-anyway): its fp32 times measure the BLAS, "
                + "not PyTorch]" : s;
    }
}
