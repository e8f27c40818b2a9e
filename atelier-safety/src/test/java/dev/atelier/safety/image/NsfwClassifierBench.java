package dev.atelier.safety.image;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.util.Arrays;

/**
 * Times {@link NsfwClassifier#analyze} on 256×256 images (preprocessing and inference, after warm-up); a main, not a
 * test. From the repository root:
 * <pre>
 * ./mvnw -B -q -pl atelier-safety -am install -DskipTests
 * ./mvnw -B -q -pl atelier-safety test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java @config/jvm.options -Datelier.root=. -cp "$(cat atelier-safety/target/bench.cp):atelier-safety/target/classes:atelier-safety/target/test-classes" \
 *     dev.atelier.safety.image.NsfwClassifierBench [threads]
 * </pre>
 */
public final class NsfwClassifierBench {
    private NsfwClassifierBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        var options = PipelineOptions.defaults();
        options = new PipelineOptions(options.provider(), threads, options.cacheSize());
        RgbImage image = TestImages.gradient();
        try (var classifier = NsfwClassifier.open(NsfwThresholds.defaults(), options)) {
            for (int i = 0; i < 10; i++) classifier.analyze(image);
            int runs = 50;
            long[] ns = new long[runs];
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                classifier.analyze(image);
                ns[i] = System.nanoTime() - t;
            }
            long total = System.nanoTime() - t0;
            long p0 = System.nanoTime();
            for (int i = 0; i < runs; i++) NsfwInput.tensor(image);
            long pre = (System.nanoTime() - p0) / runs;
            Arrays.sort(ns);
            System.out.printf("NsfwClassifier, 256x256, %d intra-op threads: mean %.1f ms, median %.1f ms, p90 %.1f ms (preprocessing %.2f ms)%n",
                    threads, total / 1e6 / runs, ns[runs / 2] / 1e6, ns[runs * 9 / 10] / 1e6, pre / 1e6);
        }
    }
}
