package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared vectors ({@code training/testdata/retrieval-vectors.json}, written by {@code atelier_train.retrieval_vectors}
 * from the Python implementation, which training/tests/test_retrieval.py checks too): the engine must normalise,
 * name user entries and retrieve exactly as Python does.
 */
class RetrievalVectorsTest {
    static final Path TESTDATA = Path.of(System.getProperty("atelier.root", "..")).resolve("training/testdata");
    private static JsonNode vectors;
    private static Retriever retriever;

    @BeforeAll
    static void load() throws Exception {
        vectors = new ObjectMapper().readTree(TESTDATA.resolve("retrieval-vectors.json").toFile());
        retriever = new Retriever(Library.open(TESTDATA.resolve(vectors.get("library").asText())));
    }

    @Test
    void normalisesTextAsPythonDoes() {
        for (JsonNode c : vectors.get("normalize")) {
            assertThat(PromptText.normalize(c.get("text").asText())).as(c.get("text").asText()).isEqualTo(c.get("normalized").asText());
        }
    }

    @Test
    void namesUserEntriesAsPythonDoes() {
        for (JsonNode c : vectors.get("user_names")) {
            String name = c.get("name").asText();
            assertThat(PromptText.cleanName(name)).as(name).isEqualTo(c.get("label").asText());
            assertThat(UserLibrary.names(name, strings(c.get("extra")))).as(name).isEqualTo(strings(c.get("names")));
        }
    }

    @Test
    void retrievesWhatPythonRetrieves() throws Exception {
        assertThat(vectors.get("retrieval").size()).isGreaterThanOrEqualTo(40);
        for (JsonNode c : vectors.get("retrieval")) {
            String prompt = c.get("prompt").asText();
            Retrieval r = retriever.retrieve(prompt);
            assertThat(r.prompt()).as(prompt).isEqualTo(c.get("normalized").asText());
            assertThat(r.askedStyle().orElse(null)).as(prompt).isEqualTo(c.get("asked_style").isNull() ? null : c.get("asked_style").asText());
            var actual = new ArrayList<String>();
            for (Retrieval.Hit h : r.hits()) actual.add(describe(h));
            var expected = new ArrayList<String>();
            for (JsonNode h : c.get("hits")) {
                expected.add(String.join("|", h.get("id").asText(), h.get("label").asText(), h.get("origin").asText(),
                        h.get("style").asText(), h.get("asked").asText(), h.get("name").asText(),
                        h.get("span").get(0).asText() + "-" + h.get("span").get(1).asText(), h.get("sprite_sha256").asText()));
            }
            assertThat(actual).as(prompt).isEqualTo(expected);
        }
    }

    private static String describe(Retrieval.Hit h) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(h.sprite().rgba()));
        return String.join("|", h.entry().id(), h.entry().label(), h.entry().origin().wireName(), h.style(),
                String.valueOf(h.asked()), h.name(), h.start() + "-" + h.end(), sha);
    }

    private static List<String> strings(JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
