package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserLibraryTest {
    @TempDir
    Path dir;
    private Path root;
    private UserLibrary user;

    @BeforeEach
    void library() throws IOException {
        root = TestLibrary.write(dir.resolve("library"), List.of(
                new TestLibrary.Concept("1F355", "pizza", List.of("pizza", "pizzas"), List.of("noto"))));
        user = new UserLibrary(root);
    }

    private static UserLibrary.Icon icon(String name, int red, String... extra) {
        return new UserLibrary.Icon(name, List.of(extra), List.of("tag"), name + ".png", TestLibrary.solid(red, 0, 0, 255));
    }

    @Test
    void addedEntriesAreRetrievedByNamePluralAndExtraNames() throws IOException {
        List<LibraryEntry> added = user.add(List.of(icon("Blue Whale", 10, "orca")), false);
        assertThat(added).extracting(LibraryEntry::id).containsExactly("user:blue whale");
        assertThat(added.getFirst().names()).containsExactly("blue whale", "blue whales", "orca");
        var retriever = new Retriever(Library.open(root));
        for (String prompt : List.of("a blue whale", "three Blue Whales", "an orca, twemoji style")) {
            Retrieval.Hit hit = retriever.retrieve(prompt).hits().getFirst();
            assertThat(hit.entry().label()).as(prompt).isEqualTo("Blue Whale");
            assertThat(hit.style()).isEqualTo(Library.USER_STYLE);
            assertThat(hit.sprite()).isEqualTo(TestLibrary.solid(10, 0, 0, 255));
        }
    }

    @Test
    void aUserEntryWinsATieWithAShippedOne() throws IOException {
        user.add(List.of(icon("pizza", 10)), false);
        Retrieval.Hit hit = new Retriever(Library.open(root)).retrieve("two pizzas").hits().getFirst();
        assertThat(hit.entry().id()).isEqualTo("user:pizza");
    }

    @Test
    void theShippedFilesAreNeverChanged() throws Exception {
        Map<String, String> before = digests(root);
        user.add(List.of(icon("zorblax", 10), icon("quux", 20)), false);
        user.remove("zorblax");
        Map<String, String> after = digests(root);
        after.keySet().removeIf(k -> k.startsWith("user/"));
        assertThat(after).isEqualTo(before);
        assertThat(Files.list(root.resolve("user")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("0002.png", "user.json");
    }

    @Test
    void aDuplicateNameIsRefusedUnlessReplaced() throws IOException {
        user.add(List.of(icon("blob", 10)), false);
        assertThatThrownBy(() -> user.add(List.of(icon("BLOB!", 20)), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has an entry named \"blob\"").hasMessageContaining("--replace");
        user.add(List.of(icon("BLOB!", 20)), true);
        Library lib = Library.open(root);
        assertThat(lib.user()).extracting(LibraryEntry::label).containsExactly("BLOB!");
        assertThat(lib.sprite(lib.user().getFirst(), Library.USER_STYLE)).isEqualTo(TestLibrary.solid(20, 0, 0, 255));
        assertThat(Files.exists(root.resolve("user/0001.png"))).isFalse();
    }

    @Test
    void twoIconsWithOneNameAddNothing() {
        assertThatThrownBy(() -> user.add(List.of(icon("blob", 10), icon("Blob", 20), icon("other", 30)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blob.png and Blob.png both name an entry \"blob\"");
        assertThat(Files.exists(root.resolve("user"))).isFalse();
    }

    @Test
    void aNameWithoutLettersIsRefused() {
        assertThatThrownBy(() -> user.add(List.of(icon("?!", 10)), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("?!.png: the name \"?!\" has no letter or number");
    }

    @Test
    void removeTakesTheNameInAnyCaseAndListsTheEntriesWhenItIsUnknown() throws IOException {
        user.add(List.of(icon("blue whale", 10), icon("zorblax", 20)), false);
        assertThat(user.remove("Blue-Whale").id()).isEqualTo("user:blue whale");
        assertThat(Library.open(root).user()).extracting(LibraryEntry::id).containsExactly("user:zorblax");
        assertThatThrownBy(() -> user.remove("pizza")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entry named \"pizza\"").hasMessageContaining("it has: zorblax");
    }

    private static Map<String, String> digests(Path root) throws Exception {
        var out = new TreeMap<String, String>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}
