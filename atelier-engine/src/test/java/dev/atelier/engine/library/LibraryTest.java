package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.library.LibraryEntry.Origin;
import dev.atelier.engine.model.ModelPackageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryTest {
    @TempDir
    Path dir;

    private Path library() throws IOException {
        return TestLibrary.write(dir.resolve("library"), List.of(
                new TestLibrary.Concept("1F436", "dog face", List.of("Dog Face", "dog", "dog"), List.of("noto", "twemoji")),
                new TestLibrary.Concept("1F680", "rocket", List.of("rocket"), List.of("twemoji")),
                new TestLibrary.Concept("2764", "red heart", List.of("red heart"), List.of("noto", "twemoji"))));
    }

    @Test
    void readsEntriesWithNormalisedDistinctNamesAndTheirStyles() throws IOException {
        Library lib = Library.open(library());
        assertThat(lib.styles()).isEqualTo(TestLibrary.STYLES);
        assertThat(lib.stylePreference()).isEqualTo(TestLibrary.PREFERENCE);
        assertThat(lib.shipped()).extracting(LibraryEntry::id).containsExactly("1F436", "1F680", "2764");
        LibraryEntry dog = lib.shipped().getFirst();
        assertThat(dog.names()).containsExactly("dog face", "dog");
        assertThat(dog.styles()).containsExactly("noto", "twemoji");
        assertThat(dog.origin()).isEqualTo(Origin.SHIPPED);
        assertThat(lib.styleWords().get("fluent-flat")).containsExactly("fluent flat style", "flat style");
    }

    @Test
    void spritesComeFromTheirPlaceInTheStylesAtlas() throws IOException {
        Library lib = Library.open(library());
        LibraryEntry heart = lib.shipped().get(2);
        int[] c = TestLibrary.colour(2, 0);
        assertThat(lib.sprite(heart, "noto")).isEqualTo(TestLibrary.solid(c[0], c[1], c[2], c[3]));
        int[] t = TestLibrary.colour(2, 1);
        assertThat(lib.sprite(heart, "twemoji")).isEqualTo(TestLibrary.solid(t[0], t[1], t[2], t[3])); // index 2: second row
        assertThatThrownBy(() -> lib.sprite(heart, "openmoji")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2764 has no sprite in style openmoji");
    }

    @Test
    void aLibraryShippingSomeStylesOnlyStillRecognisesTheOthersWords() throws IOException {
        Path root = library();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var meta = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(root.resolve("library.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("atlases")).remove("fluent-3d");  // as library --styles builds it
        mapper.writeValue(root.resolve("library.json").toFile(), meta);
        Retrieval r = new Retriever(Library.open(root)).retrieve("a dog in 3d style");
        assertThat(r.askedStyle()).contains("fluent-3d");
        assertThat(r.hits().getFirst().style()).isEqualTo("noto");
        assertThat(r.hits().getFirst().asked()).isFalse();

        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("atlases")).remove("twemoji");
        mapper.writeValue(root.resolve("library.json").toFile(), meta);
        assertThatThrownBy(() -> Library.open(root)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("library.json").hasMessageContaining("entry 1F436 has a sprite in \"twemoji\"")
                .hasMessageContaining("styles with an atlas");
    }

    @Test
    void anAtlasIsReadOnlyWhenOneOfItsSpritesIsAskedFor() throws IOException {
        Path root = library();
        Library lib = Library.open(root);
        Files.delete(root.resolve("atlas-noto.png"));
        assertThat(lib.sprite(lib.shipped().get(1), "twemoji").channel(0, 0, 3)).isEqualTo(255);
        assertThatThrownBy(() -> lib.sprite(lib.shipped().getFirst(), "noto")).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("atlas-noto.png");
    }

    @Test
    void aLibraryBuiltWithSomeStylesOnlyHasNoAtlasForTheOthers() throws IOException {
        Path root = library();
        Path index = root.resolve("library.json");
        String json = Files.readString(index);
        Files.writeString(index, json.replace("\"fluent-3d\" : \"atlas-fluent-3d.png\",", ""));
        Library lib = Library.open(root);
        assertThat(lib.styles()).contains("fluent-3d");
        assertThat(new Retriever(lib).retrieve("a rocket in 3d style").hits().getFirst().style()).isEqualTo("twemoji");
        Files.writeString(index, json.replace("\"twemoji\" : \"atlas-twemoji.png\",", ""));
        assertThatThrownBy(() -> Library.open(root)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("entry 1F436 has a sprite in \"twemoji\", which is not one of the styles with an atlas");
    }

    @Test
    void aMissingIndexIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Library.open(dir.resolve("nowhere"))).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("library.json").hasMessageContaining("missing");
    }

    @Test
    void aWrongFieldIsAnErrorNamingTheFileAndTheField() throws IOException {
        Path root = library();
        Path index = root.resolve("library.json");
        String json = Files.readString(index);
        Files.writeString(index, json.replace("\"reference_size\" : 64", "\"reference_size\" : 32"));
        assertThatThrownBy(() -> Library.open(root)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining(index.toString()).hasMessageContaining("reference_size must be 64, got 32");
        Files.writeString(index, json.replace("\"style_preference\" : [ \"noto\"", "\"style_preference\" : [ \"sketch\""));
        assertThatThrownBy(() -> Library.open(root)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("style_preference names \"sketch\"");
        Files.writeString(index, json.replace("\"twemoji\" : 1", "\"twemoji\" : 7"));
        Library lib = Library.open(root);
        assertThatThrownBy(() -> lib.sprite(lib.shipped().get(1), "twemoji")).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("atlas-twemoji.png").hasMessageContaining("has no sprite 7");
    }

    @Test
    void userEntriesRankBeforeShippedOnes() throws IOException {
        Path root = library();
        new UserLibrary(root).add(List.of(new UserLibrary.Icon("zorblax", List.of(), List.of(), "z.png",
                TestLibrary.solid(1, 2, 3, 255))), false);
        Library lib = Library.open(root);
        assertThat(lib.entries()).extracting(LibraryEntry::id).containsExactly("user:zorblax", "1F436", "1F680", "2764");
        LibraryEntry z = lib.user().getFirst();
        assertThat(z.styles()).containsExactly(Library.USER_STYLE);
        assertThat(lib.sprite(z, Library.USER_STYLE)).isEqualTo(TestLibrary.solid(1, 2, 3, 255));
    }

    @Test
    void aUserFileOutsideTheUserFolderIsRefused() throws IOException {
        Path root = library();
        Files.createDirectories(root.resolve("user"));
        Files.writeString(root.resolve("user/user.json"), """
                {"format": 1, "entries": [{"id": "user:x", "label": "x", "names": ["x"], "file": "../atlas-noto.png"}]}""");
        assertThatThrownBy(() -> Library.open(root)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("user.json").hasMessageContaining("file must be a file name");
    }
}
