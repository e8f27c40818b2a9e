package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.ContactSheet;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.report.EvalHtml;
import dev.atelier.eval.report.EvalReport;
import dev.atelier.eval.run.EngineSource;
import dev.atelier.eval.run.Evaluation;
import dev.atelier.eval.run.FolderSource;
import dev.atelier.eval.run.ImageSource;
import dev.atelier.eval.suite.Suite;
import dev.atelier.eval.suite.SuitePrompt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier eval}: the prompt-adherence suite and image-quality metrics, judged by the ONNX judge. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate the suite's images, judge each one and write report.json and report.html.",
                "Score = mean over the six categories of the share of images that pass every check."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME", description = "Model package (default: the default model).")
    String model;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Judge existing images <prompt id>-<i>.png from DIR instead of generating (e.g. real renderings).")
    Path images;

    @Option(names = "--prompts", paramLabel = "FILE", description = "Suite file (default: ${DEFAULT-VALUE}).")
    Path prompts = Path.of("eval/prompts.jsonl");

    @Option(names = "--images-per-prompt", description = "Images per prompt, seeds seed..seed+n-1 (default: ${DEFAULT-VALUE}).")
    int imagesPerPrompt = 4;

    @Option(names = "--per-category", paramLabel = "N", description = "Only the first N prompts of each category (default: all).")
    int perCategory = 0;

    @Option(names = "--judge", paramLabel = "DIR", description = "Judge package (default: ${DEFAULT-VALUE}).")
    Path judgeDir = JudgeVotes.DEFAULT_DIR;

    @Option(names = "--steps", description = "Steps (default: the model's).")
    Integer steps;

    @Option(names = {"-g", "--guidance"}, description = "Guidance (default: the model's).")
    Double guidance;

    @Option(names = "--threads", description = "ONNX Runtime threads (default: the machine's cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("eval-out");

    @Option(names = "--worst", description = "Worst prompts shown in the HTML report (default: ${DEFAULT-VALUE}).")
    int worst = 20;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        prompts = HomePaths.resolve(prompts);
        List<SuitePrompt> suite = Suite.read(prompts);
        List<SuitePrompt> run = Suite.perCategory(suite, perCategory);
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Files.createDirectories(out);
        EvalReport report;
        try (Judge judge = Judge.open(JudgeVotes.resolve(judgeDir), cores)) {
            var evaluation = new Evaluation(judge);
            if (images != null) {
                report = evaluate(evaluation, suite, run, new FolderSource(images));
            } else {
                ModelPackage pkg = Architectures.load(ModelLocator.resolve(model));
                var options = new PipelineOptions(PipelineOptions.defaults().provider(), cores, 0);
                try (var pipeline = Architectures.open(pkg, options)) {
                    report = evaluate(evaluation, suite, run, new EngineSource(pipeline, steps, guidance));
                }
            }
        }
        Evaluation.writeJson(report, out.resolve("report.json"));
        Map<String, String> grids = writeGrids(report);
        Files.writeString(out.resolve("report.html"), EvalHtml.render(report, grids, worst), StandardCharsets.UTF_8);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "score %.3f  (%s)%n", report.score(), categoriesLine(report));
        o.printf(Locale.ROOT, "FD-judge %.3f  precision %.3f  recall %.3f  CLIPScore-judge %.2f (real %.2f)%n",
                report.fdJudge(), report.precision(), report.recall(), report.clipScore(), report.clipScoreReal());
        o.println(out.resolve("report.html"));
        return 0;
    }

    private EvalReport evaluate(Evaluation evaluation, List<SuitePrompt> suite, List<SuitePrompt> run, ImageSource source)
            throws Exception {
        int total = run.size() * imagesPerPrompt;
        if (quiet) return evaluation.run(suite, run, source, imagesPerPrompt, out, prompts.toString(), n -> { });
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Eval").setInitialMax(total).setUnit(" images", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build()) {
            return evaluation.run(suite, run, source, imagesPerPrompt, out, prompts.toString(), bar::stepTo);
        }
    }

    /** One contact sheet per category: the first image of each of its first 24 prompts. */
    private Map<String, String> writeGrids(EvalReport report) throws Exception {
        Map<String, List<ContactSheet.Cell>> cells = new LinkedHashMap<>();
        for (var p : report.results()) {
            var list = cells.computeIfAbsent(p.category(), k -> new ArrayList<>());
            if (list.size() >= 24) continue;
            var img = FolderSource.read(out.resolve(p.images().get(0).file()));
            list.add(new ContactSheet.Cell(img, (p.images().get(0).passed() ? "✓ " : "✗ ") + p.prompt()));
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (var e : cells.entrySet()) {
            String name = "grid-" + e.getKey() + ".png";
            Files.write(out.resolve(name), ContactSheet.render(e.getValue(), 6, 160));
            files.put(e.getKey(), name);
        }
        return files;
    }

    private static String categoriesLine(EvalReport r) {
        var sb = new StringBuilder();
        r.categories().forEach((c, s) -> sb.append(sb.isEmpty() ? "" : ", ").append(c).append(String.format(Locale.ROOT, " %.3f", s.score())));
        return sb.toString();
    }
}
