package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.Fixtures;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The text encoder and VAE decoder stages against the sd-golden outputs. */
class StageGoldenTest {

    @Test
    void textEncoderMatchesReferenceHiddenStates() throws Exception {
        NpyArray ids = Npy.read(Fixtures.golden("text_encoder_input_ids.npy"));  // [3, 77]
        double[] expected = Npy.read(Fixtures.golden("text_encoder_last_hidden_state.npy")).data();  // [3, 77, 32]
        try (var so = new OrtSession.SessionOptions();
             var encoder = new TextEncoder(OrtEnvironment.getEnvironment(), so, Fixtures.tinySd().resolve("text_encoder/model.onnx"))) {
            int len = (int) ids.shape()[1];
            int per = expected.length / (int) ids.shape()[0];
            for (int row = 0; row < ids.shape()[0]; row++) {
                int[] rowIds = Arrays.stream(Arrays.copyOfRange(ids.data(), row * len, (row + 1) * len)).mapToInt(d -> (int) d).toArray();
                float[] hidden = encoder.encode(rowIds);
                assertThat(maxAbs(hidden, expected, row * per)).as("row %d", row).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void vaeDecoderMatchesReference() throws Exception {
        NpyArray latents = Npy.read(Fixtures.golden("pipeline/latents.npy"));  // [1, 4, 8, 8]
        double[] expected = Npy.read(Fixtures.golden("vae_decoder_out.npy")).data();  // [1, 3, 64, 64]
        try (var so = new OrtSession.SessionOptions();
             var vae = new VaeDecoder(OrtEnvironment.getEnvironment(), so, Fixtures.tinySd().resolve("vae_decoder/model.onnx"), 0.18215)) {
            float[] image = vae.decode(latents.toFloats(), latents.shape());
            assertThat(image).hasSize(expected.length);
            assertThat(maxAbs(image, expected, 0)).isLessThanOrEqualTo(1e-4);
        }
    }

    private static double maxAbs(float[] actual, double[] expected, int offset) {
        double m = 0;
        for (int i = 0; i < actual.length; i++) m = Math.max(m, Math.abs(actual[i] - expected[offset + i]));
        return m;
    }
}
