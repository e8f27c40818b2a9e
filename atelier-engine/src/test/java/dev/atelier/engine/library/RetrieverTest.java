package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrieverTest {
    private static final List<String> ALL = TestLibrary.STYLES;
    @TempDir
    static Path dir;
    private static Retriever retriever;

    @BeforeAll
    static void build() throws IOException {
        TestLibrary.write(dir.resolve("library"), List.of(
                new TestLibrary.Concept("A", "cat face", List.of("cat face", "cat faces"), ALL),
                new TestLibrary.Concept("B", "cat", List.of("cat", "cats"), List.of("noto")),
                new TestLibrary.Concept("C", "ice cream", List.of("ice cream"), List.of("twemoji", "fluent-flat")),
                new TestLibrary.Concept("D", "ice", List.of("ice", "氷"), List.of("noto")),
                new TestLibrary.Concept("E", "cream", List.of("cream"), List.of("openmoji-line")),
                new TestLibrary.Concept("F", "soft ice cream", List.of("soft ice cream", "ソフト氷"), List.of("noto"))));
        retriever = new Retriever(Library.open(dir.resolve("library")));
    }

    private static List<String> labels(String prompt) {
        return retriever.retrieve(prompt).hits().stream().map(h -> h.entry().label()).toList();
    }

    @Test
    void theLongestNameWinsAndMatchesDoNotOverlap() {
        assertThat(labels("some soft ice cream")).containsExactly("soft ice cream");
        assertThat(labels("ice cream and ice")).containsExactly("ice cream", "ice");
        assertThat(labels("a cat face")).containsExactly("cat face");
    }

    @Test
    void namesMatchWholeWordsInAnyCaseAndPunctuation() {
        assertThat(labels("a bobcat on thin ICE!")).containsExactly("ice");
        assertThat(labels("Cat-Face")).containsExactly("cat face");
        assertThat(labels("concatenate")).isEmpty();
    }

    @Test
    void namesInScriptsWithoutSpacesMatchInsideWords() {
        assertThat(labels("大きなソフト氷です")).containsExactly("soft ice cream");
        assertThat(labels("かき氷")).containsExactly("ice");
    }

    @Test
    void atMostTwoDistinctEntriesInPromptOrder() {
        assertThat(labels("cream, a cat, ice and a cat")).containsExactly("cream", "cat");
        assertThat(labels("cat cat cat ice")).containsExactly("cat", "ice");
    }

    @Test
    void positionsAreCodePointsOfThePaddedNormalisedPrompt() {
        Retrieval r = retriever.retrieve("Two  CATS!");
        assertThat(r.prompt()).isEqualTo(" two cats ");
        Retrieval.Hit hit = r.hits().getFirst();
        assertThat(r.prompt().substring(hit.start(), hit.end())).isEqualTo("cats").isEqualTo(hit.name());
    }

    @Test
    void theAskedStyleIsUsedWhereTheEntryHasIt() {
        Retrieval r = retriever.retrieve("ice cream in fluent flat style");
        assertThat(r.askedStyle()).contains("fluent-flat");
        Retrieval.Hit hit = r.hits().getFirst();
        assertThat(hit.style()).isEqualTo("fluent-flat");
        assertThat(hit.asked()).isTrue();
        assertThat(hit.sprite()).isEqualTo(solid(2, "fluent-flat"));
    }

    @Test
    void otherwiseThePreferredStyleTheEntryHas() {
        Retrieval.Hit none = retriever.retrieve("ice cream").hits().getFirst();
        assertThat(none.style()).isEqualTo("twemoji");
        assertThat(none.asked()).isFalse();
        Retrieval r = retriever.retrieve("cream, noto style");
        assertThat(r.askedStyle()).contains("noto");
        assertThat(r.hits().getFirst().style()).isEqualTo("openmoji-line");
        assertThat(r.hits().getFirst().asked()).isFalse();
        assertThat(r.hits().getFirst().sprite()).isEqualTo(solid(4, "openmoji-line"));
    }

    @Test
    void theLongestStylePhraseDecides() {
        assertThat(retriever.retrieve("a cat, fluent flat style").askedStyle()).contains("fluent-flat");
        assertThat(retriever.retrieve("a cat in openmoji line art").askedStyle()).contains("openmoji-line");
        assertThat(retriever.retrieve("openmoji").askedStyle()).contains("openmoji");
        assertThat(retriever.retrieve("a flat cat").askedStyle()).isEmpty();
    }

    @Test
    void aPromptWithoutNamesRetrievesNothingButStillAsksForAStyle() {
        Retrieval r = retriever.retrieve("a spaceship, twemoji style");
        assertThat(r.hits()).isEmpty();
        assertThat(r.askedStyle()).contains("twemoji");
        assertThat(retriever.retrieve("").hits()).isEmpty();
        assertThat(retriever.styleFor(retriever.library().shipped().get(2), Optional.of("noto"))).isEqualTo("twemoji");
    }

    private static Sprite solid(int concept, String style) {
        int[] c = TestLibrary.colour(concept, TestLibrary.STYLES.indexOf(style));
        return TestLibrary.solid(c[0], c[1], c[2], c[3]);
    }
}
