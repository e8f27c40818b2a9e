package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The shipped atelier-image-1 package run by the engine reproduces the PyTorch outputs its export recorded in
 * {@code test_vectors/} (docs/model-package.md), to 1e-3 max abs.
 */
class ShippedModelVectorsTest {
    private static final Path PKG = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-1");

    private static NpyArray vector(String name) throws Exception {
        return Npy.read(PKG.resolve("test_vectors").resolve(name + ".npy"));
    }

    @Test
    void textEncoderAndTransformerMatchPyTorch() throws Exception {
        ModelPackage pkg = ModelPackage.load(PKG);
        NpyArray ids = vector("text_encoder_input_ids");  // [2, 48]
        double[] hiddenExpected = vector("text_encoder_last_hidden_state").data();  // [2, 48, 256]
        NpyArray sample = vector("transformer_sample");  // [2, 3, native, native]
        NpyArray timestep = vector("transformer_timestep");  // [2]
        double[] outExpected = vector("transformer_out_sample").data();
        int len = (int) ids.shape()[1];
        var env = OrtEnvironment.getEnvironment();
        try (var so = TextToImagePipeline.sessionOptions(PipelineOptions.defaults())) {
            float[] hidden = new float[hiddenExpected.length];
            try (var encoder = new TextEncoder(env, so, pkg.textEncoder())) {
                for (int row = 0; row < 2; row++) {
                    int[] rowIds = Arrays.stream(Arrays.copyOfRange(ids.data(), row * len, (row + 1) * len)).mapToInt(d -> (int) d).toArray();
                    float[] h = encoder.encode(rowIds);
                    System.arraycopy(h, 0, hidden, row * h.length, h.length);
                }
            }
            assertThat(maxAbs(hidden, hiddenExpected)).as("text encoder").isLessThanOrEqualTo(1e-3);
            try (var denoiser = new Denoiser(env, so, pkg.denoiser())) {
                float[] out = denoiser.predict(sample.toFloats(), sample.shape(), timestep.data(),
                        toFloats(hiddenExpected), new long[] {2, len, hiddenExpected.length / (2L * len)});
                assertThat(maxAbs(out, outExpected)).as("transformer").isLessThanOrEqualTo(1e-3);
            }
        }
    }

    @Test
    void theDecoderMatchesPyTorchWhereThePackageHasOne() throws Exception {
        ModelPackage pkg = ModelPackage.load(PKG);
        Path input = PKG.resolve("test_vectors/vae_decoder_latent_sample.npy");
        assertThat(java.nio.file.Files.exists(input)).as("decoder test vector present iff the package has a decoder")
                .isEqualTo(pkg.vaeDecoder().isPresent());
        if (pkg.vaeDecoder().isEmpty()) return;
        NpyArray latent = Npy.read(input);  // [1, 3, native, native]
        double[] expected = vector("vae_decoder_sample").data();  // [1, 3, sample_size, sample_size]
        var env = OrtEnvironment.getEnvironment();
        try (var so = TextToImagePipeline.sessionOptions(PipelineOptions.defaults());
             var decoder = new VaeDecoder(env, so, pkg.vaeDecoder().get(), pkg.defaults().latentScaling())) {
            assertThat(maxAbs(decoder.decode(latent.toFloats(), latent.shape()), expected)).as("decoder")
                    .isLessThanOrEqualTo(1e-3);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static double maxAbs(float[] a, double[] e) {
        assertThat(a).hasSize(e.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - e[i]));
        return m;
    }
}
