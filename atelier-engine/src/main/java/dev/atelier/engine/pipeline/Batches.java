package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bookkeeping of a batch of several requests, shared by the generators: grouping by {@link BatchKey}, merging
 * each request's model rows into one batch, splitting step events back per request, and the plain one-by-one run.
 */
final class Batches {
    private Batches() {
    }

    /** Runs {@code item} alone, its cancellation and failure caught as its outcome. */
    static BatchOutcome alone(Generator generator, BatchItem item) {
        try {
            return new BatchOutcome.Generated(generator.generate(item.request(), item.listener(), item.cancel()));
        } catch (GenerationCancelledException e) {
            return new BatchOutcome.Cancelled();
        } catch (RuntimeException e) {
            return new BatchOutcome.Failed(e);
        }
    }

    /** Runs every item alone, in order (the plain version the batched runs are tested against). */
    static List<BatchOutcome> oneByOne(Generator generator, List<BatchItem> items) {
        return items.stream().map(i -> alone(generator, i)).toList();
    }

    /**
     * Groups {@code items} by their key; a group of two or more goes to {@code batched} (outcomes in its order), the
     * rest run alone. Outcomes come back in the order of {@code items}.
     */
    static List<BatchOutcome> grouped(Generator generator, List<BatchItem> items,
                                      Function<List<BatchItem>, List<BatchOutcome>> batched) {
        Map<Optional<BatchKey>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<BatchKey> key = BatchKey.of(items.get(i).request());
            groups.computeIfAbsent(key.isPresent() ? key : Optional.of(new BatchKey(1, 1, 1, "alone#" + i, false)),
                    k -> new ArrayList<>()).add(i);
        }
        BatchOutcome[] out = new BatchOutcome[items.size()];
        for (var e : groups.entrySet()) {
            List<Integer> at = e.getValue();
            if (at.size() == 1) {
                out[at.getFirst()] = alone(generator, items.get(at.getFirst()));
                continue;
            }
            List<BatchOutcome> done = batched.apply(at.stream().map(items::get).toList());
            for (int k = 0; k < at.size(); k++) out[at.get(k)] = done.get(k);
        }
        return List.of(out);
    }

    /**
     * Conditions each request of {@code group} in order with {@code condition}, which keeps what the batch needs; a
     * request cancelled already is {@link BatchOutcome.Cancelled} in {@code out} and one whose conditioning fails is
     * {@link BatchOutcome.Failed} there, without touching the others. Returns the places of the conditioned ones.
     */
    static List<Integer> conditionEach(List<BatchItem> group, BatchOutcome[] out, Consumer<GenerationRequest> condition) {
        List<Integer> live = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            if (group.get(k).cancel().isCancelled()) {
                out[k] = new BatchOutcome.Cancelled();
                continue;
            }
            try {
                condition.accept(group.get(k).request());
                live.add(k);
            } catch (RuntimeException e) {
                out[k] = new BatchOutcome.Failed(e);
            }
        }
        return live;
    }

    /**
     * One batch from each request's rows: each laid out as {@link GuidedSampler#rows} ({@code [u × n; c × n]} guided,
     * {@code [c × n]} not), the result as one request of {@code sum(n)} images: every request's unconditional rows,
     * then every request's conditional rows.
     */
    static float[] merge(List<float[]> perRequest, int[] counts, boolean guided) {
        int total = Arrays.stream(counts).sum();
        int per = perRequest.getFirst().length / ((guided ? 2 : 1) * counts[0]);
        float[] out = new float[(guided ? 2 : 1) * total * per];
        int at = 0;
        for (int half = 0; half < (guided ? 2 : 1); half++) {
            for (int r = 0; r < counts.length; r++) {
                float[] rows = perRequest.get(r);
                if (rows.length != (guided ? 2 : 1) * counts[r] * per) {
                    throw new IllegalArgumentException("request " + r + "'s rows have " + rows.length / counts[r]
                            + " values per image, the batch's " + (guided ? 2 : 1) * per);
                }
                int len = counts[r] * per;
                System.arraycopy(rows, half * len, out, at, len);
                at += len;
            }
        }
        return out;
    }

    /** {@link #merge} for each further denoiser input, by name. */
    static Map<String, Denoiser.Input> mergeInputs(List<Map<String, Denoiser.Input>> perRequest, int[] counts, boolean guided) {
        Map<String, Denoiser.Input> out = new HashMap<>();
        for (String name : perRequest.getFirst().keySet()) {
            float[] values = merge(perRequest.stream().map(m -> m.get(name).values()).toList(), counts, guided);
            long[] shape = perRequest.getFirst().get(name).shape().clone();
            shape[0] = (guided ? 2L : 1L) * Arrays.stream(counts).sum();
            out.put(name, new Denoiser.Input(values, shape));
        }
        return out;
    }

    /** Each image's seed: request r's image i has {@code seed_r + i}, in batch order. */
    static long[] seeds(List<BatchItem> items) {
        return items.stream().flatMapToLong(i -> java.util.stream.LongStream.range(0, i.request().count())
                .map(k -> i.request().seed() + k)).toArray();
    }

    static int[] counts(List<BatchItem> items) {
        return items.stream().mapToInt(i -> i.request().count()).toArray();
    }

    /**
     * A listener for the whole batch that gives each request still running an event with its own rows, and cancels
     * {@code batch} once every request is cancelled.
     */
    static ProgressListener splitter(List<BatchItem> items, CancellationToken batch) {
        int[] counts = counts(items);
        return e -> {
            int per = (int) (e.shape()[1] * e.shape()[2] * e.shape()[3]);
            int offset = 0;
            boolean any = false;
            for (int r = 0; r < items.size(); r++) {
                BatchItem item = items.get(r);
                if (!item.cancel().isCancelled()) {
                    any = true;
                    float[] rows = Arrays.copyOfRange(e.sample(), offset * per, (offset + counts[r]) * per);
                    long[] shape = e.shape().clone();
                    shape[0] = counts[r];
                    item.listener().onStep(new StepEvent(e.step(), e.totalSteps(), e.stepNanos(), rows, shape));
                }
                offset += counts[r];
            }
            if (!any) batch.cancel();
        };
    }

    /** Whether every item was cancelled (then the batch need not start). */
    static boolean allCancelled(List<BatchItem> items) {
        return items.stream().allMatch(i -> i.cancel().isCancelled());
    }
}
