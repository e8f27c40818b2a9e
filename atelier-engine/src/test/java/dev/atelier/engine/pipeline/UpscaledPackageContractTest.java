package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.TinyPackageExport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package exported with {@code --upscale 2} (docs/model-package.md): the denoiser works on the trained canvas and
 * the package's fixed bicubic {@code vae_decoder} doubles it. The engine must reproduce the decoder's PyTorch test
 * vector and deliver images of the package's {@code sample_size}, twice the denoiser's canvas.
 */
class UpscaledPackageContractTest {
    @TempDir
    Path tmp;

    @Test
    void anUpscaledPackageDecodesLikePyTorchAndDeliversTwiceTheCanvas() throws Exception {
        Path out = TinyPackageExport.export(tmp.resolve("tiny-upscaled"), "tiny-128", "--upscale", "2");

        ModelPackage pkg = Architectures.load(out);
        assertThat(pkg.vaeDecoder()).isPresent();
        var d = pkg.defaults();
        assertThat(d.vaeScaleFactor()).isEqualTo(2);
        assertThat(d.latentScaling()).isEqualTo(1.0);

        NpyArray latent = Npy.read(out.resolve("test_vectors/vae_decoder_latent_sample.npy"));
        double[] expected = Npy.read(out.resolve("test_vectors/vae_decoder_sample.npy")).data();
        assertThat(latent.shape()[2] * 2).isEqualTo(d.sampleSize());
        var env = OrtEnvironment.getEnvironment();
        try (var so = OnnxSessions.options(PipelineOptions.defaults());
             var decoder = new VaeDecoder(env, so, pkg.vaeDecoder().get(), d.latentScaling())) {
            float[] decoded = decoder.decode(latent.toFloats(), latent.shape());
            assertThat(decoded).hasSize(expected.length);
            double worst = 0;
            for (int i = 0; i < decoded.length; i++) worst = Math.max(worst, Math.abs(decoded[i] - expected[i]));
            assertThat(worst).as("bicubic decoder vs PyTorch").isLessThanOrEqualTo(1e-3);
        }

        try (var pipeline = TextToImagePipeline.open(pkg, PipelineOptions.defaults())) {
            var request = new GenerationRequest("a dog", "", d.sampleSize(), d.sampleSize(), 2, d.guidance(),
                    1, 1, null, null);
            var img = pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0).image();
            assertThat(img.width()).isEqualTo(d.sampleSize());
            assertThat(img.height()).isEqualTo(d.sampleSize());
            for (float v : img.pixels()) assertThat(v).isBetween(-1f, 1f);
        }
    }
}
