package dev.atelier.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a tokenizer folder: which files win, defaults, and errors that name the file at fault. */
class TokenizersTest {

    @TempDir
    Path tmp;

    /** A copy of the small tokenizer folder holding only {@code files}, to break one at a time. */
    private Path copyOfSmall(String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tokenizer"));
        for (String f : files) Files.copy(Fixtures.smallTokenizerDir().resolve(f), dir.resolve(f));
        return dir;
    }

    @Test
    void prefersTokenizerJsonOverThePair() throws IOException {
        Path dir = copyOfSmall("tokenizer.json", "tokenizer_config.json");
        Files.writeString(dir.resolve("vocab.json"), "not json");
        assertThat(Tokenizers.load(dir).encodeUnpadded("cat")).containsExactly(0, 298, 1);
    }

    @Test
    void fallsBackToVocabAndMerges() throws IOException {
        Path dir = copyOfSmall("vocab.json", "merges.txt", "tokenizer_config.json");
        assertThat(Tokenizers.load(dir).encodeUnpadded("cat")).containsExactly(0, 298, 1);
    }

    @Test
    void withoutTokenizerConfigUsesClipDefaults() throws IOException {
        Path dir = copyOfSmall("tokenizer.json");
        var t = Tokenizers.load(dir);
        assertThat(t.modelMaxLength()).isEqualTo(77);
        assertThat(t.padId()).isEqualTo(1);  // <|endoftext|>, CLIP's pad
    }

    @Test
    void missingFolderIsNamed() {
        Path dir = tmp.resolve("nowhere");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("tokenizer.json").hasMessageContaining("vocab.json + merges.txt");
    }

    @Test
    void folderWithNeitherFormNamesTheExpectedFiles() throws IOException {
        Path dir = copyOfSmall("tokenizer_config.json");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("neither tokenizer.json nor vocab.json + merges.txt");
    }

    @Test
    void missingMergesTxtIsNamed() throws IOException {
        Path dir = copyOfSmall("vocab.json");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("merges.txt").toString());
    }

    @Test
    void corruptTokenizerJsonIsNamed() throws IOException {
        Path dir = copyOfSmall();
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void tokenizerJsonWithoutModelIsNamed() throws IOException {
        Path dir = copyOfSmall();
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining(dir.resolve("tokenizer.json").toString())
                .hasMessageContaining("missing 'model' section");
    }

    @Test
    void unsupportedNormalizerIsNamed() throws IOException {
        Path dir = copyOfSmall("tokenizer_config.json");
        String json = Files.readString(Fixtures.smallTokenizerDir().resolve("tokenizer.json"))
                .replace("\"type\": \"Lowercase\"", "\"type\": \"BertNormalizer\"");
        Files.writeString(dir.resolve("tokenizer.json"), json);
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("normalizer type 'BertNormalizer' is not supported");
    }

    @Test
    void badMergesLineIsNamedWithItsNumber() throws IOException {
        Path dir = copyOfSmall("vocab.json");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\ni n\nthree tokens here\n");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining("merges.txt")
                .hasMessageContaining("line 3");
    }

    @Test
    void specialTokenMissingFromTheVocabularyIsNamed() throws IOException {
        Path dir = copyOfSmall("vocab.json", "merges.txt");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"<nope>\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining("vocab.json")
                .hasMessageContaining("pad_token '<nope>'");
    }

    @Test
    void badModelMaxLengthIsNamed() throws IOException {
        Path dir = copyOfSmall("tokenizer.json");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": \"long\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("model_max_length");
    }

    @Test
    void noLimitModelMaxLengthMeansClipsLength() throws IOException {
        Path dir = copyOfSmall("tokenizer.json");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 1000000000000000019884624838656}");
        assertThat(Tokenizers.load(dir).modelMaxLength()).isEqualTo(77);
    }

    @Test
    void mergesAsStringsOrPairsGiveTheSameTokenizer() throws IOException {
        Path dir = copyOfSmall("tokenizer_config.json");
        var root = (ObjectNode) Fixtures.readJson(Fixtures.smallTokenizerDir().resolve("tokenizer.json"));
        var merges = Fixtures.JSON.createArrayNode();
        root.path("model").path("merges").forEach(m -> merges.add(m.get(0).asText() + " " + m.get(1).asText()));
        ((ObjectNode) root.get("model")).set("merges", merges);
        Fixtures.JSON.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        String prompt = "a cat 🐱 with a rainbow, 猫がソファ";
        assertThat(Tokenizers.load(dir).encodeUnpadded(prompt))
                .containsExactly(Tokenizers.load(Fixtures.smallTokenizerDir()).encodeUnpadded(prompt));
    }

    @Test
    void postProcessorDisagreeingWithTheConfigIsNamed() throws IOException {
        Path dir = copyOfSmall("tokenizer.json");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<pad>\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageContaining("post_processor")
                .hasMessageContaining("bos_token <pad>");
    }
}
