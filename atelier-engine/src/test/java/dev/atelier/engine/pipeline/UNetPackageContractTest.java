package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.TinyPackageExport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package whose denoiser is the convolutional U-Net (training config {@code tiny-unet}: pixel unshuffle, group
 * norms, strided and nearest-upsampled convolutions, attention at the coarse level), exported with
 * {@code --upscale 4}: the engine reproduces its PyTorch test vectors and delivers images of its sample size.
 */
class UNetPackageContractTest {
    @TempDir
    Path tmp;

    @Test
    void aUNetPackageMatchesPyTorchAndGeneratesImagesOfItsSize() throws Exception {
        Path out = TinyPackageExport.export(tmp.resolve("tiny-unet"), "tiny-unet", "--upscale", "4");
        PackageVectors.assertTextEncoderAndDenoiserMatch(out);
        PackageVectors.assertDecoderMatchesWherePresent(out);

        ModelPackage pkg = Architectures.load(out);
        var d = pkg.defaults();
        assertThat(d.sampleSize()).isEqualTo(256);
        try (var pipeline = TextToImagePipeline.open(pkg, PipelineOptions.defaults())) {
            var request = new GenerationRequest("a dog", "", d.sampleSize(), d.sampleSize(), 2, d.guidance(),
                    3, 1, null, null);
            var img = pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0).image();
            assertThat(img.width()).isEqualTo(256);
            assertThat(img.height()).isEqualTo(256);
            for (float v : img.pixels()) assertThat(v).isBetween(-1f, 1f);
        }
    }
}
