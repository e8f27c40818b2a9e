package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a package's text encoder, denoiser and decoder on the inputs of its {@code test_vectors/}
 * (docs/model-package.md) and asserts that the engine reproduces the PyTorch outputs recorded there, to 1e-3 max abs.
 */
final class PackageVectors {
    private static final double TOLERANCE = 1e-3;

    private PackageVectors() {
    }

    static void assertTextEncoderAndDenoiserMatch(Path dir) throws Exception {
        ModelPackage pkg = Architectures.load(dir);
        NpyArray ids = vector(dir, "text_encoder_input_ids");  // [2, L]
        double[] hiddenExpected = vector(dir, "text_encoder_last_hidden_state").data();  // [2, L, D]
        NpyArray sample = vector(dir, "transformer_sample");  // [2, 3, native, native]
        NpyArray timestep = vector(dir, "transformer_timestep");  // [2]
        double[] outExpected = vector(dir, "transformer_out_sample").data();
        int len = (int) ids.shape()[1];
        var env = OrtEnvironment.getEnvironment();
        try (var so = OnnxSessions.options(PipelineOptions.defaults())) {
            float[] hidden = new float[hiddenExpected.length];
            try (var encoder = new TextEncoder(env, so, pkg.textEncoder())) {
                for (int row = 0; row < 2; row++) {
                    int[] rowIds = Arrays.stream(Arrays.copyOfRange(ids.data(), row * len, (row + 1) * len))
                            .mapToInt(d -> (int) d).toArray();
                    float[] h = encoder.encode(rowIds);
                    System.arraycopy(h, 0, hidden, row * h.length, h.length);
                }
            }
            assertThat(maxAbs(hidden, hiddenExpected)).as("text encoder").isLessThanOrEqualTo(TOLERANCE);
            try (var denoiser = new Denoiser(env, so, pkg.denoiser())) {
                float[] out = denoiser.predict(sample.toFloats(), sample.shape(), timestep.data(),
                        toFloats(hiddenExpected), new long[] {2, len, hiddenExpected.length / (2L * len)});
                assertThat(maxAbs(out, outExpected)).as("transformer").isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    static void assertDecoderMatchesWherePresent(Path dir) throws Exception {
        ModelPackage pkg = Architectures.load(dir);
        Path input = dir.resolve("test_vectors/vae_decoder_latent_sample.npy");
        assertThat(Files.exists(input)).as("decoder test vector present iff the package has a decoder")
                .isEqualTo(pkg.vaeDecoder().isPresent());
        if (pkg.vaeDecoder().isEmpty()) return;
        NpyArray latent = Npy.read(input);  // [1, 3, native, native]
        double[] expected = vector(dir, "vae_decoder_sample").data();  // [1, 3, sample_size, sample_size]
        var env = OrtEnvironment.getEnvironment();
        try (var so = OnnxSessions.options(PipelineOptions.defaults());
             var decoder = new VaeDecoder(env, so, pkg.vaeDecoder().get(), pkg.defaults().latentScaling())) {
            assertThat(maxAbs(decoder.decode(latent.toFloats(), latent.shape()), expected)).as("decoder")
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    /**
     * A retrieval package's four networks (docs/model-package.md): the text encoder, the reference encoder, the
     * transformer with its draft and the upsampler, each on its recorded inputs.
     */
    static void assertRetrievalComponentsMatch(Path dir) throws Exception {
        ModelPackage pkg = Architectures.load(dir);
        NpyArray ids = vector(dir, "text_encoder_input_ids");  // [2, L]
        NpyArray reference = vector(dir, "reference_encoder_reference");  // [2, 4, 64, 64]
        NpyArray sample = vector(dir, "transformer_sample");  // [2, 4, native, native]
        NpyArray hidden = vector(dir, "transformer_encoder_hidden_states");  // [2, L + 2 * T, D]
        NpyArray draft = vector(dir, "transformer_draft");  // [2, 4, native, native]
        NpyArray image = vector(dir, "upsampler_image");  // [1, 4, native, native]
        var env = OrtEnvironment.getEnvironment();
        try (var so = OnnxSessions.options(PipelineOptions.defaults())) {
            int len = (int) ids.shape()[1];
            double[] hiddenExpected = vector(dir, "text_encoder_last_hidden_state").data();
            float[] states = new float[hiddenExpected.length];
            try (var encoder = new TextEncoder(env, so, pkg.textEncoder())) {
                for (int row = 0; row < 2; row++) {
                    int[] rowIds = Arrays.stream(Arrays.copyOfRange(ids.data(), row * len, (row + 1) * len))
                            .mapToInt(d -> (int) d).toArray();
                    float[] h = encoder.encode(rowIds);
                    System.arraycopy(h, 0, states, row * h.length, h.length);
                }
            }
            assertThat(maxAbs(states, hiddenExpected)).as("text encoder").isLessThanOrEqualTo(TOLERANCE);
            try (var encoder = new ReferenceEncoder(env, so, pkg.extra("reference_encoder"))) {
                float[] tokens = encoder.encode(reference.toFloats(), 2, (int) reference.shape()[2]);
                assertThat(maxAbs(tokens, vector(dir, "reference_encoder_reference_tokens").data())).as("reference encoder")
                        .isLessThanOrEqualTo(TOLERANCE);
            }
            try (var denoiser = new Denoiser(env, so, pkg.denoiser(), true)) {
                float[] out = denoiser.predict(sample.toFloats(), sample.shape(), vector(dir, "transformer_timestep").data(),
                        hidden.toFloats(), hidden.shape(), draft.toFloats(), draft.shape());
                assertThat(maxAbs(out, vector(dir, "transformer_out_sample").data())).as("transformer").isLessThanOrEqualTo(TOLERANCE);
            }
            try (var upsampler = new Upsampler(env, so, pkg.extra("upsampler"))) {
                float[] up = upsampler.decode(image.toFloats(), image.shape());
                assertThat(maxAbs(up, vector(dir, "upsampler_upsampled").data())).as("upsampler").isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    private static NpyArray vector(Path dir, String name) throws Exception {
        return Npy.read(dir.resolve("test_vectors").resolve(name + ".npy"));
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
