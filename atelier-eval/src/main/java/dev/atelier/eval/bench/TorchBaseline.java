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
 * machine, fp32 and bf16 autocast, and reads back its JSON.
 */
public final class TorchBaseline {
    /** @param results precision (fp32, bf16) to latency; best is the one with the lowest p50 */
    public record Result(String torch, int threads, Map<String, Latency> results, String best, double bestP50,
                         String command) {
    }

    /**
     * @param script     torch_baseline.py
     * @param code       folder with the trainer's {@code atelier_train} package (dit.py, flow.py, ...)
     * @param checkpoint checkpoint folder (checkpoint.json + ema shards) of the packaged model, or null to read the
     *                   weights back from the package's ONNX files (checked against its test_vectors/)
     */
    public record Setup(String python, Path script, Path code, Path checkpoint, Path pkg, int runs, int warmup,
                        int threads, Integer steps, long timeoutSeconds) {
    }

    private TorchBaseline() {
    }

    public static Result run(Setup s) throws IOException, InterruptedException {
        Path json = Files.createTempFile("atelier-torch-baseline", ".json");
        List<String> cmd = new ArrayList<>(List.of(s.python(), s.script().toString(),
                "--package", s.pkg().toString(), "--code", s.code().toString(), "--runs", Integer.toString(s.runs()),
                "--warmup", Integer.toString(s.warmup()),
                "--threads", Integer.toString(s.threads()), "--json", json.toString()));
        if (s.checkpoint() != null) cmd.addAll(List.of("--checkpoint", s.checkpoint().toString()));
        if (s.steps() != null) cmd.addAll(List.of("--steps", Integer.toString(s.steps())));
        Path log = Files.createTempFile("atelier-torch-baseline", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(s.timeoutSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PyTorch baseline did not finish in " + s.timeoutSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                String tail = Files.readString(log, StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
                throw new IllegalStateException("PyTorch baseline failed (exit " + p.exitValue() + "): " + tail);
            }
            return parse(new ObjectMapper().readTree(json.toFile()), String.join(" ", cmd));
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
        return new Result(j.path("torch").asText(), j.path("threads").asInt(), results, best, results.get(best).p50(), command);
    }
}
