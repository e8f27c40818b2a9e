package dev.atelier.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private static final Vocabulary ANIMALS = new Vocabulary(List.of(
            new Vocabulary.Entry("dog face", List.of("dog face", "dog faces", "dog", "dogs")),
            new Vocabulary.Entry("strawberry", List.of("strawberry", "strawberries")),
            new Vocabulary.Entry("hot dog", List.of("hot dog", "hot dogs"))));

    @Test
    void findsTheConceptsAPromptNamesAsWholeWordsInAnyCase() {
        assertThat(ANIMALS.namedIn("a dog")).containsExactly("dog face");
        assertThat(ANIMALS.namedIn("Three STRAWBERRIES, on a blue background!")).containsExactly("strawberry");
        assertThat(ANIMALS.namedIn("two dog faces and a hot-dog")).containsExactly("dog face", "hot dog");
        assertThat(ANIMALS.namedIn("a dogwood tree")).isEmpty();
        assertThat(ANIMALS.namedIn("hotdogs")).isEmpty();
        assertThat(ANIMALS.namedIn("")).isEmpty();
    }

    @Test
    void warnsOnlyWhenThePromptNamesNone() {
        assertThat(ANIMALS.warningFor("atelier-image-1", "a small dog in the top left corner")).isEmpty();
        assertThat(ANIMALS.warningFor("atelier-image-1", "a rocket")).get().asString()
                .contains("names none of the 3 emoji atelier-image-1 was trained on")
                .contains("dog face, strawberry, hot dog;").doesNotContain("…");
    }

    @Test
    void aLongVocabularyIsShortenedInTheWarning() {
        var entries = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> new Vocabulary.Entry("thing" + i, List.of("thing" + i))).toList();
        String w = new Vocabulary(entries).warningFor("m", "nothing").orElseThrow();
        assertThat(w).contains("none of the 20 emoji").contains("thing7, …").doesNotContain("thing8");
    }

    @Test
    void emptyEntriesAndLabelsAreRefused() {
        assertThatThrownBy(() -> new Vocabulary(List.of())).hasMessageContaining("at least one entry");
        assertThatThrownBy(() -> new Vocabulary.Entry("dog", List.of(" ", "?"))).hasMessageContaining("\"dog\" has no names");
        assertThatThrownBy(() -> new Vocabulary.Entry(" ", List.of("dog"))).hasMessageContaining("needs a label");
    }
}
