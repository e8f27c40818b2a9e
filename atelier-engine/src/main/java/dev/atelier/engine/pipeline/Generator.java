package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.text.Tokenizer;
import java.util.List;
import java.util.Optional;

/**
 * Runs resolved requests on one model package; opened once by its architecture ({@code Architectures.open}) and
 * shared. Implementations are thread-safe.
 */
public interface Generator extends AutoCloseable {
    ModelPackage modelPackage();

    Tokenizer tokenizer();

    /** The scheduler the package ships ({@code scheduler/scheduler_config.json}). */
    Scheduler defaultScheduler();

    /**
     * Generates {@code request.count()} images.
     *
     * @throws GenerationCancelledException if {@code cancel} was cancelled before the last step
     */
    GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancel);

    /**
     * Generates several requests, batching those whose {@link BatchKey} matches into one denoising run where this
     * model can; each request's images equal a run of it alone (within float rounding), and its listener sees only
     * its own rows. One request's cancellation or failure does not stop the others. The default runs them one by one.
     *
     * @return one outcome per item, in order
     */
    default List<BatchOutcome> generateBatch(List<BatchItem> items) {
        return Batches.oneByOne(this, items);
    }

    /**
     * A cheap preview of image {@code index} of the sample a step event carries, at {@code width x height}; empty
     * where this model's intermediate samples cannot be shown without running its decoder.
     */
    Optional<RgbImage> preview(StepEvent step, int index, int width, int height);

    /** Total time spent inside ONNX Runtime by this generator's sessions. */
    long onnxNanos();

    @Override
    void close();
}
