package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.Vocabulary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped atelier-image-1 was trained on a vocabulary of 48 emoji (its model card): the package lists them,
 * and a prompt that names none of them gets a warning with the result, one that names one does not.
 */
class ShippedModelVocabularyTest {
    private static final Path PKG = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-1");

    @Test
    void thePackageListsItsVocabularyAndPromptsOutsideItAreWarnedAbout() {
        ModelPackage pkg = Architectures.load(PKG);
        List<String> labels = pkg.vocabulary().orElseThrow().entries().stream().map(Vocabulary.Entry::label).toList();
        assertThat(labels).hasSize(48).contains("dog", "dog face", "cat face", "pizza", "red apple", "cactus");
        try (var pipeline = TextToImagePipeline.open(pkg, PipelineOptions.defaults())) {
            assertThat(warnings(pipeline, "a rocket on a blue background")).singleElement().asString()
                    .contains("names none of the 48 emoji atelier-image-1 was trained on");
            assertThat(warnings(pipeline, "Three strawberries, twemoji style")).isEmpty();
            assertThat(warnings(pipeline, "a dog face on the left of a pizza")).isEmpty();
        }
    }

    private static List<String> warnings(TextToImagePipeline pipeline, String prompt) {
        int side = pipeline.modelPackage().defaults().sampleSize();
        var request = new GenerationRequest(prompt, "", side, side, 1, 4.0, 0, 1, null, null);
        return pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).warnings();
    }
}
