package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TokenizeAndModelsCommandTest {
    @Test
    void tokenizePrintsTheReferenceIds() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GenerateCommandTest.FIXTURES.resolve("sd-golden/tokenizer.json").toFile());
        JsonNode first = golden.get(0);
        CliRun r = CliRun.of("tokenize", "--model", GenerateCommandTest.TINY, first.get("prompt").asText());
        String expected = StreamSupport.stream(first.get("input_ids_unpadded").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.joining(" "));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(expected);
    }

    @Test
    void tokenizeWarnsWhenAPromptIsTruncated() {
        CliRun r = CliRun.of("tokenize", "--model", GenerateCommandTest.TINY, "--padded", "dog ".repeat(100));
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip().split(" ")).hasSize(77);
        assertThat(r.err()).contains("the model reads 77");
    }

    @Test
    void modelsDescribesAPackageAndItsComponents() {
        CliRun r = CliRun.of("models", GenerateCommandTest.TINY);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tiny-sd-onnx").contains("stable-diffusion")
                .contains("text_encoder").contains("unet/model.onnx").contains("vae_decoder").contains("MiB");
    }
}
