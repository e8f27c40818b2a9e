package dev.atelier.safety;

import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.c2pa.ContentCredentials;
import dev.atelier.safety.c2pa.CreationInfo;
import dev.atelier.safety.c2pa.SigningIdentity;
import dev.atelier.safety.image.NsfwClassifier;
import dev.atelier.safety.image.NsfwThresholds;
import dev.atelier.safety.moderation.Blocklist;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.moderation.ModerationPolicy;
import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.safety.text.LexiconClassifier;
import dev.atelier.safety.watermark.Watermark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the safeguards add to a request, measured: prompt moderation per prompt (the shipped evaluation set), and per
 * image each step of the image check (classifier, watermark, PNG encoding, signing) on real generated images.
 * <pre>
 * java -cp ... dev.atelier.safety.SafetyBench --images DIR [--prompts eval/safety/prompts.tsv] [--rounds 5]
 * </pre>
 * Single-threaded, as one worker runs it (the classifier's ONNX session with 1 thread); times are wall-clock
 * medians after a warm-up round.
 */
public final class SafetyBench {
    private SafetyBench() {
    }

    public static void main(String[] args) throws IOException {
        Path images = null;
        Path prompts = Path.of("eval/safety/prompts.tsv");
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Path.of(args[++i]);
                case "--prompts" -> prompts = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --images DIR [--prompts FILE] [--rounds N]");
            }
        }
        if (images == null) throw new IllegalArgumentException("--images DIR is required: a folder of generated PNG images");
        run(images, prompts, rounds, System.out);
    }

    static void run(Path imageDir, Path promptFile, int rounds, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "set-up: %d cores, Java %s, classifier ONNX Runtime 1 thread, %d rounds%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), rounds);
        List<String> texts = Files.readAllLines(promptFile).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.substring(l.lastIndexOf('\t') + 1)).toList();
        var moderation = new PromptModeration(LexiconClassifier.shipped(), ModerationPolicy.defaults(), () -> Blocklist.EMPTY);
        double[] prompt = time(texts.size() * rounds, i -> moderation.check(texts.get(i % texts.size()), "m", "preview", ModerationLevel.AUTO));
        out.printf(Locale.ROOT, "prompt moderation: %d prompts, p50 %.3f ms, p99 %.3f ms%n", texts.size(), pct(prompt, 50), pct(prompt, 99));

        List<RgbImage> imgs = new ArrayList<>();
        try (Stream<Path> files = Files.list(imageDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().limit(50).toList()) imgs.add(Watermark.decode(Files.readAllBytes(f)));
        }
        if (imgs.isEmpty()) throw new IllegalArgumentException("no PNG images in " + imageDir);
        Path id = Files.createTempDirectory("atelier-bench-c2pa");
        var credentials = new ContentCredentials(SigningIdentity.loadOrCreate(id.resolve("c2pa")));
        var watermark = Watermark.atelier();
        int n = imgs.size() * rounds;
        try (var classifier = NsfwClassifier.open(NsfwThresholds.defaults(), new PipelineOptions(PipelineOptions.defaults().provider(), 1, 1))) {
            out.printf(Locale.ROOT, "images: %d from %s, %dx%d%n", imgs.size(), imageDir, imgs.getFirst().width(), imgs.getFirst().height());
            double[] classify = time(n, i -> classifier.analyze(imgs.get(i % imgs.size())));
            double[] mark = time(n, i -> watermark.embed(imgs.get(i % imgs.size())));
            double[] encode = time(n, i -> ImageEncoder.encode(imgs.get(i % imgs.size()), ImageFormat.PNG, null));
            List<byte[]> pngs = imgs.stream().map(im -> ImageEncoder.encode(im, ImageFormat.PNG, null)).toList();
            double[] sign = time(n, i -> credentials.sign(pngs.get(i % pngs.size()), ImageFormat.PNG,
                    new CreationInfo(null, Provenance.AGENT, "bench", Instant.now())));
            var guard = new ImageSafeguard(classifier, ModerationPolicy.defaults(), watermark, credentials, Provenance.AGENT);
            double[] all = time(n, i -> guard.protect(imgs.get(i % imgs.size()), ImageFormat.PNG,
                    im -> ImageEncoder.encode(im, ImageFormat.PNG, null), "bench", "bench", ModerationLevel.AUTO));
            out.printf(Locale.ROOT, "image check, p50 per image: classifier %.1f ms, watermark %.1f ms, PNG encoding %.1f ms, signing %.1f ms%n",
                    pct(classify, 50), pct(mark, 50), pct(encode, 50), pct(sign, 50));
            out.printf(Locale.ROOT, "whole image check (classify, mark, encode, sign): p50 %.1f ms, p99 %.1f ms%n", pct(all, 50), pct(all, 99));
        }
    }

    private interface Step {
        Object run(int i);
    }

    // a warm-up of up to 20 calls, then n timed calls; milliseconds, sorted
    private static double[] time(int n, Step step) {
        for (int i = 0; i < Math.min(n, 20); i++) step.run(i);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * p / 100.0))];
    }
}
