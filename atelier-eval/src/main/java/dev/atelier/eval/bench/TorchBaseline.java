package dev.atelier.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code training/atelier_train/bench/torch_baseline.py}: the trainer's model in PyTorch eager on this
 * machine, fp32 and bf16 autocast, and reads back its JSON. The script first finds and measures the BLAS that
 * torch's matmuls run on and refuses the reference BLAS ({@link Refused}) unless {@code --baseline-anyway}.
 */
public final class TorchBaseline {
    /** The script's exit status when it refuses to compare (the reference BLAS). */
    static final int REFUSED = 3;

    /**
     * @param blas    the BLAS the baseline ran on, or null from a script without the BLAS check
     * @param results precision (fp32, bf16) to latency; best is the one with the lowest p50
     */
    public record Result(String torch, int threads, TorchBlas blas, Map<String, Latency> results, String best,
                         double bestP50, String command) {
        /**
         * One line naming the baseline's set-up, so a reader can judge the ratio: "PyTorch 1.13.0 eager, 2 threads,
         * BLAS openblas (libopenblasp-r0.3.21.so), 199 GFLOP/s fp32 matmul, precisions fp32, bf16 autocast".
         */
        public String setup(boolean fullPath) {
            String precisions = String.join(", ", results.keySet().stream()
                    .map(p -> p.equals("fp32") ? p : p + " autocast").toList());
            return "PyTorch " + torch + " eager, " + threads + " thread" + (threads == 1 ? "" : "s") + ", BLAS "
                    + (blas == null ? "not reported (a baseline script without the BLAS check)" : blas.describe(fullPath))
                    + ", precisions " + precisions;
        }
    }

    /**
     * @param script         torch_baseline.py
     * @param code           folder with the trainer's {@code atelier_train} package (dit.py, flow.py, ...)
     * @param checkpoint     checkpoint folder (checkpoint.json + ema shards) of the packaged model, or null to read
     *                       the weights back from the package's ONNX files (checked against its test_vectors/)
     * @param baselineAnyway run even on the reference BLAS (the report then says so)
     */
    public record Setup(String python, Path script, Path code, Path checkpoint, Path pkg, int runs, int warmup,
                        int threads, Integer steps, long timeoutSeconds, boolean baselineAnyway) {
        /** The same set-up at {@code n} steps (the engine's resolved count, so that both run the same). */
        public Setup withSteps(int n) {
            return new Setup(python, script, code, checkpoint, pkg, runs, warmup, threads, n, timeoutSeconds, baselineAnyway);
        }
    }

    /** The script refused to compare: its message says what it found, why, and how to fix it. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private TorchBaseline() {
    }

    /**
     * Only the BLAS check ({@code --blas-only}, a few seconds), so that a refusal comes before the engine's runs.
     *
     * @throws Refused on the reference BLAS without {@code baselineAnyway}
     */
    public static TorchBlas checkBlas(Setup s) throws IOException, InterruptedException {
        return TorchBlas.parse(launch(s, List.of("--blas-only"), Math.min(s.timeoutSeconds(), 300)).path("blas"));
    }

    /** @throws Refused on the reference BLAS without {@code baselineAnyway} */
    public static Result run(Setup s) throws IOException, InterruptedException {
        List<String> extra = new ArrayList<>(List.of("--runs", Integer.toString(s.runs()), "--warmup", Integer.toString(s.warmup())));
        if (s.checkpoint() != null) extra.addAll(List.of("--checkpoint", s.checkpoint().toString()));
        if (s.steps() != null) extra.addAll(List.of("--steps", Integer.toString(s.steps())));
        return parse(launch(s, extra, s.timeoutSeconds()), String.join(" ", command(s, extra)));
    }

    private static List<String> command(Setup s, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(s.python(), s.script().toString(), "--package", s.pkg().toString(),
                "--code", s.code().toString(), "--threads", Integer.toString(s.threads())));
        cmd.addAll(extra);
        if (s.baselineAnyway()) cmd.add("--baseline-anyway");
        return cmd;
    }

    private static JsonNode launch(Setup s, List<String> extra, long timeoutSeconds) throws IOException, InterruptedException {
        Path json = Files.createTempFile("atelier-torch-baseline", ".json");
        List<String> cmd = command(s, extra);
        cmd.addAll(List.of("--json", json.toString()));
        Path log = Files.createTempFile("atelier-torch-baseline", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PyTorch baseline did not finish in " + timeoutSeconds + " s");
            }
            JsonNode out = Files.size(json) > 0 ? new ObjectMapper().readTree(json.toFile()) : null;
            if (p.exitValue() == REFUSED && out != null && out.hasNonNull("refused")) throw new Refused(out.get("refused").asText());
            if (p.exitValue() != 0 || out == null) {
                String tail = Files.readString(log, StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
                throw new IllegalStateException("PyTorch baseline failed (exit " + p.exitValue() + "): " + tail);
            }
            return out;
        } finally {
            Files.deleteIfExists(json);
            Files.deleteIfExists(log);
        }
    }

    static Result parse(JsonNode j, String command) {
        Map<String, Latency> results = new LinkedHashMap<>();
        j.get("results").properties().forEach(e -> {
            JsonNode ms = e.getValue().get("ms");
            double[] v = new double[ms.size()];
            for (int i = 0; i < v.length; i++) v[i] = ms.get(i).asDouble();
            results.put(e.getKey(), Latency.of(v));
        });
        String best = results.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparingDouble(Latency::p50)))
                .orElseThrow().getKey();
        return new Result(j.path("torch").asText(), j.path("threads").asInt(), TorchBlas.parse(j.get("blas")), results, best,
                results.get(best).p50(), command);
    }
}
