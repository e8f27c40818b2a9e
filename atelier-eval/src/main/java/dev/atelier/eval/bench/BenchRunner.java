package dev.atelier.eval.bench;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.pipeline.GenerationResult;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.StageTimings;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The speed benchmark: cold start, warm latency and its stages, throughput under concurrency, and the
 * PyTorch baseline, all at the model's default size, steps and guidance, one image per request, with the text
 * embedding cache off (every request encodes its prompt, as the baseline does).
 */
public final class BenchRunner {
    /**
     * @param runs        warm runs measured (≥ 20 for the p95)
     * @param concurrency client counts for the throughput test
     * @param requests    requests per client at each concurrency
     * @param steps       denoising steps, or null for the model's default
     * @param size        image side in pixels, or null for the model's default
     */
    public record Options(int runs, int warmup, List<Integer> concurrency, int requests, int threads, String prompt,
                          Integer steps, Integer size) {
        public Options {
            if (runs < 1) throw new IllegalArgumentException("runs must be ≥ 1, got " + runs);
            if (warmup < 0) throw new IllegalArgumentException("warmup must be ≥ 0, got " + warmup);
            if (requests < 1) throw new IllegalArgumentException("requests must be ≥ 1, got " + requests);
            if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            concurrency.forEach(c -> {
                if (c < 1) throw new IllegalArgumentException("concurrency must be ≥ 1, got " + c);
            });
            concurrency = List.copyOf(concurrency);
        }
    }

    private BenchRunner() {
    }

    /**
     * @param baseline null to skip the PyTorch baseline; {@code note} then says why
     * @throws TorchBaseline.Refused before any measurement when the baseline's torch runs on the reference BLAS
     *                               (and the setup does not ask for it anyway)
     */
    public static BenchReport run(Path modelDir, Options o, TorchBaseline.Setup baseline, String note,
                                  Consumer<String> log) throws Exception {
        if (baseline != null) {
            // The BLAS check first: a refusal costs seconds, not the engine's runs.
            try {
                TorchBlas blas = TorchBaseline.checkBlas(baseline);
                log.accept("PyTorch baseline BLAS: " + (blas == null ? "not reported" : blas.describe(true)));
            } catch (IllegalStateException | IOException e) {
                note = e.getMessage();
                log.accept(note);
                baseline = null;
            }
        }
        long c0 = System.nanoTime();
        ModelPackage pkg = Architectures.load(modelDir);
        var base0 = ImageRequest.of(o.prompt()).steps(o.steps());
        if (o.size() != null) base0.width(o.size()).height(o.size());
        GenerationRequest template = RequestResolver.resolve(pkg, base0.seed(0L).build(), RequestLimits.engine());
        var d = new Geometry(template.width(), template.steps(), template.guidance());
        try (var pipeline = Architectures.open(pkg, new PipelineOptions(PipelineOptions.defaults().provider(), o.threads(), 0))) {
            long c1 = System.nanoTime();
            GenerationRequest first = template;
            encode(generate(pipeline, first));
            long c2 = System.nanoTime();
            log.accept(String.format("cold start %.0f ms (load %.0f ms)", (c2 - c0) / 1e6, (c1 - c0) / 1e6));

            for (int i = 0; i < o.warmup(); i++) generate(pipeline, template.withBatch(100 + i, 1));
            double[] warmMs = new double[o.runs()];
            List<StageTimings> timings = new ArrayList<>();
            for (int i = 0; i < o.runs(); i++) {
                GenerationResult r = generate(pipeline, template.withBatch(i, 1));
                StageTimings t = r.timings().withImageEncode(encode(r));
                timings.add(t);
                warmMs[i] = (t.total() - t.imageEncode()) / 1e6;
                log.accept(String.format("warm run %d/%d: %.0f ms", i + 1, o.runs(), warmMs[i]));
            }
            BenchReport.Stages stages = stages(timings);
            double overhead = 100 * (stages.total() - stages.imageEncode() - stages.onnx()) / (stages.total() - stages.imageEncode());

            List<BenchReport.Throughput> throughput = new ArrayList<>();
            for (int c : o.concurrency()) {
                throughput.add(throughput(pipeline, c, o.requests(), template.withBatch(0, 1)));
                log.accept(String.format("concurrency %d: %.3f images/s", c, throughput.getLast().imagesPerSecond()));
            }
            Latency warm = Latency.of(warmMs);
            TorchBaseline.Result base = null;
            String baseNote = note;
            if (baseline != null) {
                log.accept("PyTorch baseline: " + baseline.script());
                try {
                    base = TorchBaseline.run(baseline.withSteps(template.steps()));
                } catch (IllegalStateException | IOException e) {
                    baseNote = e.getMessage();
                    log.accept(baseNote);
                }
            }
            int cores = Runtime.getRuntime().availableProcessors();
            return new BenchReport(pkg.name(), machine(), cores, o.threads(), d.size(), d.size(), d.steps(),
                    d.guidance(), o.prompt(), (c1 - c0) / 1e6, (c2 - c0) / 1e6, warm, warmMs, stages, overhead, throughput,
                    base, baseNote, base == null ? null : warm.p50() / base.bestP50());
        }
    }

    private record Geometry(int size, int steps, double guidance) {
    }

    private static GenerationResult generate(Generator p, GenerationRequest r) {
        return p.generate(r, ProgressListener.NONE, new CancellationToken());
    }

    /** PNG-encodes the image and returns the nanoseconds it took. */
    private static long encode(GenerationResult r) {
        long t = System.nanoTime();
        var img = r.images().get(0);
        ImageEncoder.encode(img.image(), ImageFormat.PNG, img.parameters());
        return System.nanoTime() - t;
    }

    static BenchReport.Stages stages(List<StageTimings> ts) {
        int n = ts.size(), steps = ts.get(0).steps().length;
        double[] step = new double[steps];
        double tok = 0, text = 0, st = 0, dec = 0, enc = 0, total = 0, onnx = 0;
        for (StageTimings t : ts) {
            tok += t.tokenize(); text += t.textEncode(); st += t.stepsTotal(); dec += t.decode();
            enc += t.imageEncode(); total += t.total(); onnx += t.onnx();
            for (int i = 0; i < steps; i++) step[i] += t.steps()[i] / 1e6 / n;
        }
        double k = 1e6 * n;
        return new BenchReport.Stages(tok / k, text / k, step, st / k, dec / k, enc / k, total / k, onnx / k);
    }

    private static BenchReport.Throughput throughput(Generator p, int clients, int perClient, GenerationRequest r)
            throws Exception {
        var counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("bench-client-", 0)
                .uncaughtExceptionHandler((t, e) -> System.getLogger("bench").log(System.Logger.Level.ERROR, t.getName() + ": " + e))
                .factory());
        try {
            long t0 = System.nanoTime();
            List<Future<double[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    double[] ms = new double[perClient];
                    for (int i = 0; i < perClient; i++) {
                        long s = System.nanoTime();
                        generate(p, r.withBatch(counter.getAndIncrement(), 1));
                        ms[i] = (System.nanoTime() - s) / 1e6;
                    }
                    return ms;
                }));
            }
            double[] all = new double[clients * perClient];
            for (int c = 0; c < clients; c++) System.arraycopy(futures.get(c).get(), 0, all, c * perClient, perClient);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new BenchReport.Throughput(clients, all.length, seconds, all.length / seconds, Latency.of(all));
        } finally {
            pool.shutdownNow();
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the OS line below still says what ran it
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + Runtime.version();
    }
}
