package dev.atelier.server.api;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.server.arena.ArenaConfig;
import dev.atelier.server.arena.Contestant;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.models.ModelDescription;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models}' description of a package: the OpenAI fields plus Atelier's sizes, defaults, vocabulary. */
class ModelsApiTest {
    private static final Path ROOT = Path.of(System.getProperty("atelier.root"));

    @Test
    void theShippedModelIsDescribedWithItsDefaultsAndVocabulary() {
        JsonNode m = ModelDescription.of(Architectures.load(ROOT.resolve("models/atelier-image-1")));
        assertThat(m.path("id").asText()).isEqualTo("atelier-image-1");
        assertThat(m.path("object").asText()).isEqualTo("model");
        JsonNode a = m.path("atelier");
        assertThat(a.path("default_size").asText()).isEqualTo("256x256");
        assertThat(a.path("default_steps").asInt()).isEqualTo(8);
        List<String> vocabulary = new ArrayList<>();
        a.path("vocabulary").forEach(v -> vocabulary.add(v.asText()));
        assertThat(vocabulary).hasSize(48).contains("dog", "dog face", "pizza", "strawberry");
    }

    @Test
    void theDefaultModelIsTheRetrievalModelAndItDrawsTransparency() {
        assertThat(ModelCatalog.DEFAULT_MODEL).isEqualTo("atelier-image-2");
        assertThat(ModelPackage.installedIn(ROOT.resolve("models"))).contains("atelier-image-1", ModelCatalog.DEFAULT_MODEL);
        JsonNode m = ModelDescription.of(Architectures.load(ROOT.resolve("models").resolve(ModelCatalog.DEFAULT_MODEL)));
        assertThat(m.path("atelier").path("default_size").asText()).isEqualTo("256x256");
        assertThat(m.path("atelier").path("default_steps").asInt()).isEqualTo(6);
        assertThat(m.path("atelier").path("transparency").asBoolean()).isTrue();
        assertThat(m.path("atelier").path("reference_images").asInt()).as("reference pictures an edit may add").isEqualTo(2);
        assertThat(m.path("atelier").has("vocabulary")).isFalse();
    }

    @Test
    void theArenaHasBothShippedModelsAsContestantsOutOfTheBox() {
        var contestants = ArenaConfig.defaults(ModelPackage.installedIn(ROOT.resolve("models"))).contestants();
        assertThat(contestants).extracting(Contestant::model).contains("atelier-image-1", "atelier-image-2");
    }

    @Test
    void aModelWithoutVocabularyListsNone() {
        JsonNode m = ModelDescription.of(Architectures.load(ROOT.resolve("../shared/fixtures/tiny-sd-onnx").normalize()));
        assertThat(m.path("atelier").has("vocabulary")).isFalse();
        assertThat(m.path("atelier").path("default_steps").asInt()).isGreaterThan(0);
    }
}
