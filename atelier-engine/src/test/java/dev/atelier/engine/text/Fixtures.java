package dev.atelier.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the tokenizer tests find their fixtures, and small helpers to read them. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** The shared fixtures folder, found through the {@code atelier.root} system property surefire sets. */
    static Path shared() {
        String root = System.getProperty("atelier.root");
        if (root == null) throw new IllegalStateException("system property atelier.root is not set (run through Maven)");
        return Path.of(root).resolve("../shared/fixtures").normalize();
    }

    /** The real CLIP tokenizer folder (49,408 tokens) of the tiny Stable Diffusion package. */
    static Path clipTokenizerDir() {
        return shared().resolve("tiny-sd-onnx/tokenizer");
    }

    /** The hand-made small multilingual tokenizer in this package's test resources. */
    static Path smallTokenizerDir() {
        return resource("small-tokenizer");
    }

    /** A file or folder in this package's test resources. */
    static Path resource(String name) {
        try {
            var url = Fixtures.class.getResource(name);
            if (url == null) throw new IllegalStateException("test resource not found: " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }

    /** A prompt and the ids the reference gives for it. */
    record Case(String prompt, int[] ids) {
        @Override
        public String toString() {
            return prompt.length() > 60 ? prompt.substring(0, 60) + "…" : prompt;
        }
    }

    /** Reads a conformance file: an array of {"prompt", "ids"}. */
    static List<Case> conformance(String resourceName) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode n : readJson(resource(resourceName))) cases.add(new Case(n.get("prompt").asText(), ints(n.get("ids"))));
        return cases;
    }

    /** Both ways of loading one folder, named for test reports. */
    enum Loader {
        TOKENIZER_JSON, VOCAB_AND_MERGES;

        ClipBpeTokenizer load(Path dir) throws IOException {
            return switch (this) {
                case TOKENIZER_JSON -> Tokenizers.loadTokenizerJson(dir);
                case VOCAB_AND_MERGES -> Tokenizers.loadVocabAndMerges(dir);
            };
        }
    }
}
