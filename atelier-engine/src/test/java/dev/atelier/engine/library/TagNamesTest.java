package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tag names (library.json's {@code tag_names}): matched like names, below them (docs/model-package.md, "Retrieval"). */
class TagNamesTest {
    @TempDir
    static Path dir;
    private static Library library;
    private static Retriever retriever;

    @BeforeAll
    static void build() throws IOException {
        List<String> noto = List.of("noto");
        TestLibrary.write(dir.resolve("library"), List.of(
                new TestLibrary.Concept("A", "sausage", List.of("sausage"), noto, List.of("hot dog", "Sausage")),
                new TestLibrary.Concept("B", "dog bed", List.of("dog bed"), noto),
                new TestLibrary.Concept("C", "cat", List.of("cat"), noto, List.of("kitty")),
                new TestLibrary.Concept("D", "ice", List.of("ice"), noto, List.of("frost"))));
        library = Library.open(dir.resolve("library"));
        retriever = new Retriever(library);
    }

    private static List<String> labels(String prompt) {
        return retriever.retrieve(prompt).hits().stream().map(h -> h.entry().label()).toList();
    }

    @Test
    void aTagNameRetrievesItsEntry() {
        assertThat(labels("a hot dog")).containsExactly("sausage");
        assertThat(retriever.retrieve("a KITTY!").hits().getFirst().name()).isEqualTo("kitty");
    }

    @Test
    void tagNamesAreNormalisedAndNeverRepeatAName() {
        assertThat(library.shipped().getFirst().tagNames()).containsExactly("hot dog");
    }

    @Test
    void aTagNameLosesATieWithAName() {
        assertThat(labels("a hot dog bed")).containsExactly("dog bed");
    }

    @Test
    void tagNamesOnlyFillTheHitsThatNamesLeave() {
        assertThat(labels("frost, a cat and a dog bed")).containsExactly("cat", "dog bed");
        assertThat(labels("frost and a cat")).containsExactly("ice", "cat");
    }
}
