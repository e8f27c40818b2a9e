package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Measures the watermark (docs/watermark.md): marks every image of the marked folder, applies each attack and
 * counts detections; runs the detector on never-marked images, plain and attacked, and counts false positives;
 * prints PSNR and timings.
 * <pre>
 * java -cp atelier-safety/target/classes:atelier-engine/target/classes dev.atelier.safety.watermark.RobustnessBench \
 *   --marked DIR --unmarked DIR [--unmarked DIR ...] [--atlas DIR --atlas-count N] [--threads N] [--limit N]
 * </pre>
 */
public final class RobustnessBench {
    /** One edit applied before detection. */
    record Attack(String name, UnaryOperator<RgbImage> apply) {
    }

    static final List<Attack> ATTACKS = List.of(
            new Attack("none (8-bit PNG)", image -> image),
            new Attack("JPEG q90", image -> Attacks.jpeg(image, 90)),
            new Attack("JPEG q75", image -> Attacks.jpeg(image, 75)),
            new Attack("JPEG q50", image -> Attacks.jpeg(image, 50)),
            new Attack("resize 0.5x bilinear", image -> Attacks.resize(image, 0.5)),
            new Attack("resize 0.75x bilinear", image -> Attacks.resize(image, 0.75)),
            new Attack("crop centre 90%x90%", image -> Attacks.cropCentre(image, 0.9)),
            new Attack("crop corner 90%x90%", image -> Attacks.cropCorner(image, 0.9)),
            new Attack("brightness +20%", image -> Attacks.brightness(image, 1.2f)),
            new Attack("brightness -20%", image -> Attacks.brightness(image, 0.8f)));

    private RobustnessBench() {
    }

    public static void main(String[] args) throws Exception {
        Path marked = null;
        var unmarked = new ArrayList<Path>();
        Path atlas = null;
        int atlasCount = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        int limit = Integer.MAX_VALUE;
        boolean verbose = false;
        Watermark wm = Watermark.atelier();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--marked" -> marked = Path.of(args[++i]);
                case "--unmarked" -> unmarked.add(Path.of(args[++i]));
                case "--atlas" -> atlas = Path.of(args[++i]);
                case "--atlas-count" -> atlasCount = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--verbose" -> verbose = true;
                case "--strength" -> wm = new Watermark(wm.key(), wm.mask(), Float.parseFloat(args[++i]), wm.targetPsnr());
                case "--psnr" -> wm = new Watermark(wm.key(), wm.mask(), wm.strength(), Double.parseDouble(args[++i]));
                case "--mask" -> {
                    String[] fk = args[++i].split(",");
                    wm = new Watermark(wm.key(), new PerceptualMask(Float.parseFloat(fk[0]), Float.parseFloat(fk[1])), wm.strength(), wm.targetPsnr());
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --verbose, --marked, --unmarked, --atlas, --atlas-count, --threads, --limit, --strength, --psnr, --mask FLOOR,KNEE");
            }
        }
        if (marked == null) throw new IllegalArgumentException("--marked DIR is required");
        System.out.println(wm);
        Watermark mark = wm;
        List<Path> originalFiles = files(marked, limit);
        List<RgbImage> originals = read(originalFiles);
        List<RgbImage> generatedUnmarked = new ArrayList<>();
        for (Path dir : unmarked) generatedUnmarked.addAll(read(files(dir, limit)));
        var clean = new ArrayList<>(generatedUnmarked);
        clean.addAll(UnmarkedSet.variants(generatedUnmarked, 11));
        if (atlas != null && atlasCount > 0) clean.addAll(UnmarkedSet.compositions(UnmarkedSet.sprites(atlas), atlasCount, 12));
        System.out.printf(Locale.ROOT, "marked set: %d images from %s; never-marked set: %d images (%d generated, %d crops/resizes of them, %d sprite canvases)%n",
                originals.size(), marked, clean.size(), generatedUnmarked.size(), 2 * generatedUnmarked.size(),
                clean.size() - 3 * generatedUnmarked.size());

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var markedRuns = new ArrayList<Future<Run>>();
            for (RgbImage image : originals) markedRuns.add(pool.submit(() -> run(mark, image, true)));
            var cleanRuns = new ArrayList<Future<Run>>();
            for (RgbImage image : clean) cleanRuns.add(pool.submit(() -> run(mark, image, false)));
            List<Run> markedResults = collect(markedRuns);
            if (verbose) {
                for (int i = 0; i < markedResults.size(); i++) {
                    for (int a = 0; a < ATTACKS.size(); a++) {
                        if (!markedResults.get(i).present()[a]) {
                            System.out.printf(Locale.ROOT, "missed: %s after %s, score %.2f%n", originalFiles.get(i).getFileName(),
                                    ATTACKS.get(a).name(), markedResults.get(i).scores()[a]);
                        }
                    }
                }
            }
            report(markedResults, collect(cleanRuns));
            speed(mark, originals.getFirst());
        } finally {
            pool.shutdown();
        }
    }

    /** One image through every attack: detection scores and timings. */
    record Run(boolean transparent, double[] scores, boolean[] present, double psnr, double embedMs, double[] detectMs) {
    }

    static Run run(Watermark wm, RgbImage original, boolean mark) {
        RgbImage source = Attacks.quantize(original);
        double embedMs = 0;
        double psnr = Double.NaN;
        if (mark) {
            long t0 = System.nanoTime();
            RgbImage marked = wm.embed(source);
            embedMs = (System.nanoTime() - t0) / 1e6;
            RgbImage saved = Attacks.quantize(marked);
            psnr = Attacks.psnr(source, saved);
            source = saved;
        }
        int n = ATTACKS.size();
        double[] scores = new double[n];
        boolean[] present = new boolean[n];
        double[] ms = new double[n];
        for (int a = 0; a < n; a++) {
            RgbImage attacked = ATTACKS.get(a).apply().apply(source);
            long t0 = System.nanoTime();
            Detection d = wm.detect(attacked);
            ms[a] = (System.nanoTime() - t0) / 1e6;
            scores[a] = d.score();
            present[a] = d.present();
        }
        return new Run(original.hasAlpha(), scores, present, psnr, embedMs, ms);
    }

    private static void report(List<Run> marked, List<Run> clean) {
        System.out.printf(Locale.ROOT, "%n| attack | detected (marked, n=%d) | false positives (never marked, n=%d) | max score unmarked | detect ms marked / unmarked |%n",
                marked.size(), clean.size());
        System.out.println("|---|---|---|---|---|");
        for (int a = 0; a < ATTACKS.size(); a++) {
            int ai = a;
            long hits = marked.stream().filter(r -> r.present()[ai]).count();
            long fps = clean.stream().filter(r -> r.present()[ai]).count();
            double maxClean = clean.stream().mapToDouble(r -> r.scores()[ai]).max().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "| %s | %.3f (%d/%d) | %.4f (%d/%d) | %.2f | %.1f / %.1f |%n", ATTACKS.get(a).name(),
                    (double) hits / marked.size(), hits, marked.size(), (double) fps / clean.size(), fps, clean.size(), maxClean,
                    marked.stream().mapToDouble(r -> r.detectMs()[ai]).average().orElse(Double.NaN),
                    clean.stream().mapToDouble(r -> r.detectMs()[ai]).average().orElse(Double.NaN));
        }
        long transparent = marked.stream().filter(Run::transparent).count();
        System.out.printf(Locale.ROOT, "%n| attack | detected, opaque (n=%d) | detected, transparent background (n=%d) |%n|---|---|---|%n",
                marked.size() - transparent, transparent);
        for (int a = 0; a < ATTACKS.size(); a++) {
            int ai = a;
            long opaqueHits = marked.stream().filter(r -> !r.transparent() && r.present()[ai]).count();
            long transparentHits = marked.stream().filter(r -> r.transparent() && r.present()[ai]).count();
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", ATTACKS.get(a).name(),
                    (double) opaqueHits / Math.max(1, marked.size() - transparent), (double) transparentHits / Math.max(1, transparent));
        }
        double[] psnr = marked.stream().mapToDouble(Run::psnr).sorted().toArray();
        double[] embed = marked.stream().mapToDouble(Run::embedMs).sorted().toArray();
        double[] null0 = clean.stream().mapToDouble(r -> r.scores()[0]).sorted().toArray();
        double[] marked0 = marked.stream().mapToDouble(r -> r.scores()[0]).sorted().toArray();
        System.out.printf(Locale.ROOT, "%nPSNR dB: mean %.2f, min %.2f, median %.2f%n", mean(psnr), psnr[0], psnr[psnr.length / 2]);
        System.out.printf(Locale.ROOT, "embed ms: mean %.2f, median %.2f, max %.2f (timed inside the threads, JIT warm after the first images)%n",
                mean(embed), embed[embed.length / 2], embed[embed.length - 1]);
        if (null0.length > 0) {
            System.out.printf(Locale.ROOT, "score, never marked, no attack: mean %.2f, 99th pct %.2f, 99.9th pct %.2f, max %.2f%n",
                    mean(null0), pct(null0, 0.99), pct(null0, 0.999), null0[null0.length - 1]);
        }
        System.out.printf(Locale.ROOT, "score, marked, no attack: min %.2f, median %.2f%n", marked0[0], marked0[marked0.length / 2]);
    }

    /** Single-threaded timings at 256, 512 and 1024 pixels (the image resized), after a warm-up. */
    private static void speed(Watermark wm, RgbImage image) {
        System.out.println();
        for (int side : new int[] {256, 512, 1024}) {
            RgbImage sized = Attacks.resize(image, (double) side / image.width());
            RgbImage marked = Attacks.quantize(wm.embed(sized));
            int reps = side == 1024 ? 5 : 20;
            for (int i = 0; i < reps; i++) {
                wm.embed(sized);
                wm.detect(sized);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) wm.embed(sized);
            long t1 = System.nanoTime();
            for (int i = 0; i < reps; i++) wm.detect(marked);
            long t2 = System.nanoTime();
            for (int i = 0; i < reps; i++) wm.detect(sized);
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%dx%d, one thread: embed %.1f ms, detect marked %.1f ms, detect unmarked (every scale) %.1f ms%n",
                    sized.width(), sized.height(), (t1 - t0) / 1e6 / reps, (t2 - t1) / 1e6 / reps, (t3 - t2) / 1e6 / reps);
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static <T> List<T> collect(List<Future<T>> futures) throws Exception {
        var out = new ArrayList<T>();
        for (Future<T> f : futures) out.add(f.get());
        return out;
    }

    private static List<Path> files(Path dir, int limit) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")).sorted().limit(limit).toList();
        }
    }

    private static List<RgbImage> read(List<Path> paths) throws IOException {
        var out = new ArrayList<RgbImage>();
        for (Path p : paths) out.add(Watermark.decode(Files.readAllBytes(p)));
        return out;
    }
}
