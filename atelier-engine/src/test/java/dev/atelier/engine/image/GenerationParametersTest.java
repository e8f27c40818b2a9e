package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerationParametersTest {
    @Test
    void thePromptIsWhatComesBeforeTheNegativePromptOrTheSettingsLine() {
        var p = new GenerationParameters("a cat\non two lines", "blurry", 4, "euler", 7.5, 3, 64, 64, "m");
        assertThat(GenerationParameters.promptIn(p.toA1111())).hasValue("a cat\non two lines");
        var q = new GenerationParameters("a dog", "", 4, "euler", 7.5, 3, 64, 64, "m");
        assertThat(GenerationParameters.promptIn(q.toA1111() + ", Upscaled: 2x, Upscaler: m learned")).hasValue("a dog");
    }

    @Test
    void aSingleLineHasNoPrompt() {
        // what an upscale of a picture without parameters writes
        assertThat(GenerationParameters.promptIn("Upscaled: 2x, Upscaler: m learned")).isEmpty();
        assertThat(GenerationParameters.promptIn(null)).isEmpty();
    }
}
