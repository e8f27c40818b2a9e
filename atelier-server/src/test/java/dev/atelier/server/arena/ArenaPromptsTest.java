package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.library.Library;
import dev.atelier.engine.library.Retriever;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.Vocabulary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The curated prompts fit the installed models, so a drawn prompt never asks a contestant for what it cannot draw. */
class ArenaPromptsTest {
    private static final Path MODELS = Path.of(System.getProperty("atelier.root")).resolve("models");

    @Test
    void everyCuratedPromptNamesAnEmojiOfAtelierImage1sVocabulary() {
        Vocabulary vocabulary = Architectures.load(MODELS.resolve("atelier-image-1")).vocabulary().orElseThrow();
        assertThat(ArenaConfig.builtInPrompts()).hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(p -> assertThat(vocabulary.namedIn(p)).as("emoji atelier-image-1 knows in '%s'", p).isNotEmpty());
    }

    @Test
    void everyCuratedPromptRetrievesAnEntryFromAtelierImage2sLibrary() {
        var retriever = new Retriever(Library.open(MODELS.resolve("atelier-image-2").resolve(Library.FOLDER)));
        assertThat(ArenaConfig.builtInPrompts())
                .allSatisfy(p -> assertThat(retriever.retrieve(p).hits()).as("library entries atelier-image-2 finds for '%s'", p).isNotEmpty());
    }

    @Test
    void theDefaultArenaHasBothInstalledModelsAsContestants() {
        var config = ArenaConfig.defaults(ModelPackage.installedIn(MODELS));
        assertThat(config.contestants()).extracting(Contestant::model).contains("atelier-image-1", "atelier-image-2");
        assertThat(config.contestants()).hasSizeGreaterThanOrEqualTo(2);
    }
}
