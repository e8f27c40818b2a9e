package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.eval.bench.BenchHtml;
import dev.atelier.eval.bench.BenchReport;
import dev.atelier.eval.bench.BenchRunner;
import dev.atelier.eval.bench.TorchBaseline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier bench}: cold start, warm latency and stages, throughput, and the PyTorch eager baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the engine on a model (its default size, steps and guidance) and compare it with the",
                "trainer's PyTorch model on this machine. Writes report.json and report.html."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME", description = "Model package (default: the default model).")
    String model;

    @Option(names = "--runs", description = "Warm runs measured (default: ${DEFAULT-VALUE}).")
    int runs = 20;

    @Option(names = "--warmup", description = "Warm-up runs, not measured (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(names = "--concurrency", split = ",", description = "Client counts for throughput (default: 1,2,4).")
    List<Integer> concurrency = List.of(1, 2, 4);

    @Option(names = "--requests", description = "Requests per client at each concurrency (default: ${DEFAULT-VALUE}).")
    int requests = 3;

    @Option(names = "--threads", description = "ONNX Runtime threads (default: the machine's cores).")
    Integer threads;

    @Option(names = "--prompt", description = "Prompt (default: ${DEFAULT-VALUE}).")
    String prompt = "a red apple on a blue background";

    @Option(names = "--steps", description = "Steps (default: the model's; the baseline uses the same).")
    Integer steps;

    @Option(names = "--size", description = "Image side in pixels (default: the model's).")
    Integer size;

    @Option(names = "--torch-checkpoint", paramLabel = "DIR",
            description = "Trainer checkpoint of the model (checkpoint.json + ema shards) for the PyTorch baseline "
                    + "(default: DIR/pytorch of the model package if present, else the weights read back from the "
                    + "package's ONNX files, checked against its test_vectors/).")
    Path torchCheckpoint;

    @Option(names = "--torch-code", paramLabel = "DIR", description = "Folder with the trainer's atelier_train package (default: ${DEFAULT-VALUE}).")
    Path torchCode = Path.of("training");

    @Option(names = "--torch-script", paramLabel = "FILE", description = "The baseline script (default: ${DEFAULT-VALUE}).")
    Path torchScript = Path.of("training/atelier_train/bench/torch_baseline.py");

    @Option(names = "--python", description = "Python with torch (default: /usr/bin/python3 if present, else python3).")
    String python;

    @Option(names = "--torch-runs", description = "Measured runs per precision of the PyTorch baseline (default: --runs).")
    Integer torchRuns;

    @Option(names = "--torch-warmup", description = "Warm-up runs per precision of the baseline (default: ${DEFAULT-VALUE}).")
    int torchWarmup = 1;

    @Option(names = "--no-baseline", description = "Skip the PyTorch baseline.")
    boolean noBaseline;

    @Option(names = "--baseline-anyway", description = "Compare with PyTorch even when its torch runs on the reference "
            + "(netlib) BLAS, which the baseline otherwise refuses; the report then says so.")
    boolean baselineAnyway;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-out");

    @Override
    public Integer call() throws Exception {
        Path dir = ModelLocator.resolve(model);
        int cores = Runtime.getRuntime().availableProcessors();
        int t = threads != null ? threads : cores;
        var options = new BenchRunner.Options(runs, warmup, concurrency, requests, t, prompt, steps, size);
        TorchBaseline.Setup setup = null;
        String note = null;
        // The trainer's checkpoint if one is given or shipped in DIR/pytorch; otherwise the baseline reads the
        // weights back from the package's ONNX files (verified against its test_vectors/ before timing).
        Path ckpt = torchCheckpoint != null ? torchCheckpoint : dir.resolve("pytorch");
        boolean fromPackage = torchCheckpoint == null && !Files.isRegularFile(ckpt.resolve("checkpoint.json"));
        Path script = HomePaths.resolve(torchScript);
        Path code = HomePaths.resolve(torchCode);
        if (noBaseline) {
            note = "--no-baseline";
        } else if (!fromPackage && !Files.isRegularFile(ckpt.resolve("checkpoint.json"))) {
            note = "no trainer checkpoint in " + ckpt + " (checkpoint.json + ema shards expected)";
        } else if (fromPackage && !Files.isDirectory(dir.resolve("test_vectors"))) {
            note = "no trainer checkpoint (pass --torch-checkpoint DIR) and no test_vectors/ in " + dir
                    + " to verify weights read from its ONNX files";
        } else if (!Files.isRegularFile(script)) {
            note = "baseline script not found: " + script + " (pass --torch-code DIR)";
        } else {
            String py = python != null ? python : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            setup = new TorchBaseline.Setup(py, script.toAbsolutePath(), code.toAbsolutePath(), fromPackage ? null : ckpt.toAbsolutePath(), dir.toAbsolutePath(),
                    torchRuns != null ? torchRuns : runs, torchWarmup, cores, steps, 4 * 3600, baselineAnyway);
        }
        var err = spec.commandLine().getErr();
        BenchReport r = BenchRunner.run(dir, options, setup, note, line -> err.println("bench: " + line));
        Files.createDirectories(out);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("report.json").toFile(), r);
        Files.writeString(out.resolve("report.html"), BenchHtml.render(r), StandardCharsets.UTF_8);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s %dx%d, %d steps: cold start %.0f ms, warm p50 %.0f ms, p95 %.0f ms, engine overhead %.1f %%%n",
                r.model(), r.width(), r.height(), r.steps(), r.coldStartMs(), r.warm().p50(), r.warm().p95(), r.engineOverheadPct());
        for (var tp : r.throughput()) o.printf(Locale.ROOT, "  %d client(s): %.3f images/s%n", tp.concurrency(), tp.imagesPerSecond());
        if (r.baseline() != null) {
            o.println("  " + r.baseline().setup(false));
            r.baseline().results().forEach((k, v) -> o.printf(Locale.ROOT, "  PyTorch eager %s: p50 %.0f ms%n", k, v.p50()));
            o.printf(Locale.ROOT, "  Atelier / PyTorch (%s) = %.2f%n", r.baseline().best(), r.ratio());
        } else {
            o.println("  PyTorch baseline not run: " + r.baselineNote());
        }
        o.println(out.resolve("report.html"));
        return 0;
    }
}
