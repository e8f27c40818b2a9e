package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.server.models.ModelCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which prompts get the studio's "names nothing the model knows" warning, for the shipped models. */
class StudioConceptsTest {
    static ModelCatalog catalog;
    static StudioConcepts concepts;

    @BeforeAll
    static void open() {
        Path models = Path.of(System.getProperty("atelier.root")).resolve("models");
        catalog = new ModelCatalog(models, ModelCatalog.DEFAULT_MODEL, PipelineOptions.defaults());
        concepts = new StudioConcepts(catalog);
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    @Test
    void aVocabularyModelWarnsWithTheEnginesOwnWords() {
        assertThat(concepts.warning("atelier-image-1", "a slice of pizza")).isEmpty();
        assertThat(concepts.warning("atelier-image-1", "a quantum flux capacitor")).hasValueSatisfying(w ->
                assertThat(w).startsWith("the prompt names none of the 48 emoji atelier-image-1 was trained on"));
    }

    @Test
    void aLibraryModelWarnsWhenItsRetrieverFindsNothing() {
        int size = concepts.known("atelier-image-2").orElseThrow().concepts().size();
        assertThat(size).isGreaterThan(1000);
        assertThat(concepts.warning("atelier-image-2", "two red apples on a table")).isEmpty();
        assertThat(concepts.warning("atelier-image-2", "a quantum flux capacitor")).hasValue("the prompt names none of the "
                + size + " drawings in atelier-image-2's library, so the image will not show what it asks for (search the"
                + " library under the prompt box)");
    }

    @Test
    void aModelThatTakesAnyTextNeverWarns() {
        assertThat(concepts.known("no-such-model")).isEmpty();
        assertThat(concepts.warning("no-such-model", "anything at all")).isEmpty();
    }
}
