package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a batched generation that does not depend on how the requests were conditioned: one sampling run over
 * every live request's rows, one decode, then each request's images and outcome. The generators build the sampler
 * (their conditioning) and say how pixels become an image and what a request's result carries.
 */
final class BatchSampling {
    private BatchSampling() {
    }

    /** Decodes the batch's final latents {@code [n, C, h, w]} into pixels {@code [n, channels, H, W]}. */
    interface Decode {
        float[] apply(float[] latents, long[] shape);
    }

    /** Image {@code index} of the batch's pixels, as request {@code r} asked for it. */
    interface Image {
        RgbImage at(float[] pixels, int index, GenerationRequest r);
    }

    /** The result of the {@code k}-th live request, from its images and the batch's step and decode times. */
    interface Result {
        GenerationResult of(int k, List<GeneratedImage> images, long[] stepNanos, long decodeNanos);
    }

    /** Each image's guidance scale, in batch order (a request's own scale for each of its images). */
    static float[] guidance(List<BatchItem> items) {
        int[] counts = Batches.counts(items);
        float[] out = new float[Arrays.stream(counts).sum()];
        for (int k = 0, at = 0; k < items.size(); at += counts[k++]) {
            Arrays.fill(out, at, at + counts[k], (float) items.get(k).request().guidance());
        }
        return out;
    }

    /**
     * Samples and decodes {@code items} (the live requests, {@code live} their places in {@code out}) and sets each
     * one's outcome in {@code out}: cancelled or failed all together if the batch was, else cancelled where that
     * request was meanwhile, else generated.
     */
    static void run(GuidedSampler sampler, Scheduler scheduler, long[] latentShape, List<BatchItem> items, List<Integer> live,
                    BatchOutcome[] out, String modelName, Decode decode, Image image, Result result) {
        SchedulerRun run = scheduler.start(items.getFirst().request().steps());
        SeededNoise noise = new SeededNoise(Batches.seeds(items));
        long[] stepNanos = new long[GuidedSampler.calls(run, null)];
        var token = new CancellationToken();
        float[] pixels;
        long d0;
        try {
            int size = (int) (latentShape[0] * latentShape[1] * latentShape[2] * latentShape[3]);
            float[] latents = sampler.sample(run, noise.next(size), latentShape, noise, stepNanos,
                    Batches.splitter(items, token), token);
            d0 = System.nanoTime();
            pixels = decode.apply(latents, latentShape);
        } catch (GenerationCancelledException e) {
            for (int k : live) out[k] = new BatchOutcome.Cancelled();
            return;
        } catch (RuntimeException e) {
            for (int k : live) out[k] = new BatchOutcome.Failed(e);
            return;
        }
        long decodeNanos = System.nanoTime() - d0;
        int[] counts = Batches.counts(items);
        for (int k = 0, at = 0; k < items.size(); at += counts[k++]) {
            BatchItem item = items.get(k);
            GenerationRequest r = item.request();
            if (item.cancel().isCancelled()) {
                out[live.get(k)] = new BatchOutcome.Cancelled();
                continue;
            }
            List<GeneratedImage> images = new ArrayList<>(r.count());
            for (int i = 0; i < r.count(); i++) {
                var params = new GenerationParameters(r.prompt(), r.negativePrompt(), r.steps(), scheduler.kind().cliName(),
                        r.guidance(), r.seed() + i, r.width(), r.height(), modelName);
                images.add(new GeneratedImage(image.at(pixels, at + i, r), r.seed() + i, params));
            }
            out[live.get(k)] = new BatchOutcome.Generated(result.of(k, images, stepNanos, decodeNanos));
        }
    }
}
