package dev.atelier.eval.run;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.judge.JudgeReading;
import dev.atelier.eval.metrics.Frechet;
import dev.atelier.eval.metrics.PrecisionRecall;
import dev.atelier.eval.report.EvalReport;
import dev.atelier.eval.report.EvalReport.CategoryScore;
import dev.atelier.eval.report.EvalReport.ImageResult;
import dev.atelier.eval.report.EvalReport.PromptResult;
import dev.atelier.eval.score.Checker;
import dev.atelier.eval.score.Verdict;
import dev.atelier.eval.suite.SuitePrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs the suite: images for every prompt, a judge reading and verdict per image, then the category scores,
 * FD-judge, precision/recall and CLIPScore. Images are saved under {@code out/images/}.
 */
public final class Evaluation {
    private final Judge judge;
    private final Checker checker;

    public Evaluation(Judge judge) {
        this.judge = judge;
        this.checker = new Checker(judge.info());
    }

    /**
     * @param suite     the whole prompts file, in order (its position picks each prompt's reference features)
     * @param prompts   the prompts to run (the suite or a subset of it)
     * @param progress  called with the number of images done so far
     */
    public EvalReport run(List<SuitePrompt> suite, List<SuitePrompt> prompts, ImageSource source, int imagesPerPrompt,
                          Path out, String promptsFile, IntConsumer progress) throws Exception {
        if (imagesPerPrompt < 1) throw new IllegalArgumentException("images per prompt must be ≥ 1, got " + imagesPerPrompt);
        long start = System.nanoTime();
        Path imageDir = out.resolve("images");
        Files.createDirectories(imageDir);
        List<PromptResult> results = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        double clipSum = 0;
        int done = 0;
        for (SuitePrompt p : prompts) {
            List<RgbImage> images = source.images(p, imagesPerPrompt);
            List<JudgeReading> readings = judge.read(images);
            float[] text = judge.embedTexts(List.of(p.prompt()))[0];
            List<ImageResult> imageResults = new ArrayList<>();
            int passed = 0;
            for (int i = 0; i < images.size(); i++) {
                JudgeReading r = readings.get(i);
                Verdict v = checker.check(p, r);
                passed += v.passed() ? 1 : 0;
                features.add(r.features());
                clipSum += Math.max(0, dot(r.embedding(), text));
                Path file = source.existingFile(p, i);
                if (file == null) {
                    file = imageDir.resolve(p.id() + "-" + i + ".png");
                    var params = new GenerationParameters(p.prompt(), "", 0, "", 0, p.seed() + i,
                            images.get(i).width(), images.get(i).height(), source.describe());
                    Files.write(file, ImageEncoder.encode(images.get(i), ImageFormat.PNG, params));
                }
                imageResults.add(new ImageResult(out.toAbsolutePath().relativize(file.toAbsolutePath()).toString(),
                        p.seed() + i, v.passed(), v.checks(), v.seen()));
                progress.accept(++done);
            }
            results.add(new PromptResult(p.id(), p.category(), p.prompt(), passed / (double) images.size(), imageResults));
        }
        float[][] gen = features.toArray(float[][]::new);
        float[][] ref = reference(suite, prompts);
        double fd = gen.length >= 2 ? Frechet.distance(gen, ref) : Double.NaN;
        var pr = gen.length > PrecisionRecall.DEFAULT_K && ref.length > PrecisionRecall.DEFAULT_K
                ? PrecisionRecall.compute(ref, gen, PrecisionRecall.DEFAULT_K) : new PrecisionRecall.Result(Double.NaN, Double.NaN, 3);
        Map<String, CategoryScore> categories = categories(results);
        double score = categories.values().stream().mapToDouble(CategoryScore::score).average().orElse(Double.NaN);
        return new EvalReport(source.describe(), judge.info().dir().toString(), promptsFile, prompts.size(), imagesPerPrompt,
                score, categories, fd, pr.precision(), pr.recall(), ref.length, 100 * clipSum / Math.max(1, gen.length),
                judge.info().referenceClipScore(), (System.nanoTime() - start) / 1e9, results);
    }

    /** Reference features of the prompts run, when the prompts file is the suite the judge was built for; else all. */
    private float[][] reference(List<SuitePrompt> suite, List<SuitePrompt> prompts) {
        float[][] all = judge.referenceFeatures();
        int per = judge.info().referencePerPrompt();
        if (suite.size() * per != all.length) return all;
        List<float[]> out = new ArrayList<>();
        for (SuitePrompt p : prompts) {
            int i = suite.indexOf(p);
            for (int k = 0; k < per; k++) out.add(all[i * per + k]);
        }
        return out.toArray(float[][]::new);
    }

    static Map<String, CategoryScore> categories(List<PromptResult> results) {
        Map<String, CategoryScore> out = new LinkedHashMap<>();
        for (String cat : SuitePrompt.CATEGORIES) {
            List<PromptResult> rs = results.stream().filter(r -> r.category().equals(cat)).toList();
            if (rs.isEmpty()) continue;
            int images = 0, passed = 0;
            Map<String, int[]> checks = new LinkedHashMap<>();
            for (PromptResult r : rs) {
                for (ImageResult im : r.images()) {
                    images++;
                    passed += im.passed() ? 1 : 0;
                    im.checks().forEach((k, v) -> {
                        int[] c = checks.computeIfAbsent(k, x -> new int[2]);
                        c[0] += v ? 1 : 0;
                        c[1]++;
                    });
                }
            }
            Map<String, Double> rates = new LinkedHashMap<>();
            checks.forEach((k, c) -> rates.put(k, c[0] / (double) c[1]));
            out.put(cat, new CategoryScore(passed / (double) images, rs.size(), images, rates));
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Writes report.json (pretty-printed). */
    public static void writeJson(EvalReport report, Path file) throws IOException {
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
    }
}
