package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every prompt of sd-golden/tokenizer.json (from the Python reference) gives exactly its ids, from both files. */
class ClipGoldenTest {

    static List<Arguments> goldens() {
        JsonNode root = Fixtures.readJson(Fixtures.shared().resolve("sd-golden/tokenizer.json"));
        List<Arguments> args = new ArrayList<>();
        for (Fixtures.Loader loader : Fixtures.Loader.values()) {
            for (JsonNode g : root) {
                args.add(Arguments.of(loader, g.get("prompt").asText(), Fixtures.ints(g.get("input_ids_unpadded")),
                        Fixtures.ints(g.get("input_ids_padded_77"))));
            }
        }
        return args;
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("goldens")
    void unpaddedIdsMatchTheReference(Fixtures.Loader loader, String prompt, int[] unpadded, int[] padded) throws IOException {
        assertThat(tokenizer(loader).encodeUnpadded(prompt)).containsExactly(unpadded);
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("goldens")
    void paddedIdsMatchTheReference(Fixtures.Loader loader, String prompt, int[] unpadded, int[] padded) throws IOException {
        TokenizedText t = tokenizer(loader).encode(prompt, 77);
        assertThat(t.ids()).containsExactly(padded);
        assertThat(t.truncated()).isEqualTo(unpadded.length > 77);
        assertThat(t.length()).isEqualTo(Math.min(unpadded.length, 77));
    }

    // Loading the 49,408-token files takes a moment: once per loader for the whole class.
    private static final Map<Fixtures.Loader, ClipBpeTokenizer> LOADED = new EnumMap<>(Fixtures.Loader.class);

    static synchronized ClipBpeTokenizer tokenizer(Fixtures.Loader loader) throws IOException {
        ClipBpeTokenizer t = LOADED.get(loader);
        if (t == null) {
            t = loader.load(Fixtures.clipTokenizerDir());
            LOADED.put(loader, t);
        }
        return t;
    }
}
