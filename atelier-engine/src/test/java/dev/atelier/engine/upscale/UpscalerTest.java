package dev.atelier.engine.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.SdFamily;
import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.image.Resample;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upscaling with the shipped atelier-image-2 (learned upsampler) and the tiny Stable Diffusion fixture (hires fix).
 * "Close to the input": the result box-averaged back to the input's size differs from it by a mean absolute
 * 8-bit value (over RGB) below the stated tolerance.
 */
class UpscalerTest {
    static ModelPackage model(String name) {
        return Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models", name));
    }

    /** A picture with edges and gradients: a disc on a ramp. */
    static RgbImage picture(int w, int h, boolean alpha) {
        float[] p = new float[w * h * 3];
        float[] a = alpha ? new float[w * h] : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean in = Math.hypot(x - w / 2.0, y - h / 2.0) < Math.min(w, h) / 3.0;
                p[i * 3] = in ? 0.9f : x / (float) w;
                p[i * 3 + 1] = in ? 0.2f : y / (float) h;
                p[i * 3 + 2] = in ? 0.1f : 0.6f;
                if (alpha) a[i] = in ? 1f : 0f;
            }
        }
        return new RgbImage(w, h, p, a);
    }

    /** Mean absolute difference, in 8-bit levels, of {@code big} box-averaged by {@code f} and {@code small}. */
    static double meanDifferenceDownsampled(RgbImage big, RgbImage small, int f) {
        double sum = 0;
        for (int y = 0; y < small.height(); y++) {
            for (int x = 0; x < small.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int v = 0; v < f; v++) for (int u = 0; u < f; u++) s += big.pixels()[((y * f + v) * big.width() + x * f + u) * 3 + c];
                    sum += Math.abs(s / (f * f) - small.pixels()[(y * small.width() + x) * 3 + c]);
                }
            }
        }
        return sum / (small.width() * small.height() * 3) * 255;
    }

    @Test
    void theLearnedUpsamplerDoublesTwiceForFourAndStaysCloseToThePicture() {
        RgbImage in = picture(96, 80, false);
        try (Upscaler up = Upscaler.open(model("atelier-image-2"), PipelineOptions.defaults())) {
            assertThat(up.usesPrompt()).isFalse();
            Upscaled two = up.upscale(new UpscaleRequest(in, 2, null, null, null, "in.png"));
            assertThat(two.image().width()).isEqualTo(192);
            assertThat(two.image().height()).isEqualTo(160);
            assertThat(meanDifferenceDownsampled(two.image(), in, 2)).isLessThan(3.0);
            Upscaled four = up.upscale(new UpscaleRequest(in, 4, null, null, null, "in.png"));
            assertThat(four.image().width()).isEqualTo(384);
            assertThat(meanDifferenceDownsampled(four.image(), in, 4)).isLessThan(4.0);
            assertThat(four.parameters("a cat\nSteps: 6, Model: atelier-image-2"))
                    .isEqualTo("a cat\nSteps: 6, Model: atelier-image-2, Upscaled: 4x, Upscaler: atelier-image-2 learned");
        }
    }

    @Test
    void theLearnedUpsamplerKeepsTransparency() {
        RgbImage in = picture(64, 64, true);
        try (Upscaler up = Upscaler.open(model("atelier-image-2"), PipelineOptions.defaults())) {
            RgbImage out = up.upscale(new UpscaleRequest(in, 2, null, null, null, null)).image();
            assertThat(out.hasAlpha()).isTrue();
            assertThat(out.alpha()[0]).isLessThan(0.05f);  // a transparent corner
            assertThat(out.alpha()[64 * 128 + 64]).isGreaterThan(0.95f);  // the disc's centre
        }
    }

    @Test
    void theHiresFixIsImageToImageOfTheLanczosEnlargementAtLowStrength() {
        // The tiny fixture's VAE has random weights and does not reconstruct pictures (its redraw is about 88 8-bit
        // levels from the input on average), so closeness is shown on atelier-image-2; here, what the fix runs.
        RgbImage in = picture(32, 32, false);
        ModelPackage pkg = Architectures.load(Fixtures.tinySd());
        try (Upscaler up = Upscaler.open(pkg, PipelineOptions.defaults());
             Generator g = Architectures.open(pkg, PipelineOptions.defaults())) {
            assertThat(up.usesPrompt()).isTrue();
            Upscaled two = up.upscale(new UpscaleRequest(in, 2, "a red apple", null, 5L, null));
            assertThat(two.image().width()).isEqualTo(64);
            assertThat(two.method()).startsWith("tiny-sd-onnx hires fix, strength 0.3").contains("seed 5");
            var ask = ImageRequest.of("a red apple").width(64).height(64).seed(5L)
                    .init(new InitImage(Resample.lanczos(in, 64, 64), null, 0.3, null)).build();
            RgbImage want = g.generate(RequestResolver.resolve(pkg, ask, RequestLimits.engine()), ProgressListener.NONE,
                    new CancellationToken()).images().getFirst().image();
            assertThat(two.image().pixels()).isEqualTo(want.pixels());
            assertThatThrownBy(() -> up.upscale(new UpscaleRequest(in, 2, null, null, null, null)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(RequestField.PROMPT));
        }
    }

    @Test
    void badFactorsAndSizesAreRefusedNamingTheValue() {
        RgbImage small = picture(8, 8, false);
        assertThatThrownBy(() -> new UpscaleRequest(small, 3, null, null, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be 2 or 4, got 3");
        assertThatThrownBy(() -> new UpscaleRequest(picture(600, 8, false), 4, null, null, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("600x8 into 2400x32; at most 2048");
        assertThatThrownBy(() -> new UpscaleRequest(small, 2, null, 1.5, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("got 1.5");
    }

    @Test
    void anSdxlPackageUpscalesByTheHiresFix(@TempDir Path tmp) {
        ModelPackage pkg = Architectures.load(SdFamily.install("sdxl", tmp));
        assertThat(Upscaler.check(pkg)).isFalse();  // not learned: the hires fix
        try (Upscaler up = Upscaler.open(pkg, PipelineOptions.defaults())) {
            Upscaled two = up.upscale(new UpscaleRequest(picture(24, 24, false), 2, "a red apple", 0.5, 3L, null));
            assertThat(two.image().width()).isEqualTo(48);
            assertThat(two.method()).contains("hires fix, strength 0.5");
        }
    }

    @Test
    void aModelWithoutAnUpscalerIsRefused() {
        assertThatThrownBy(() -> Upscaler.open(model("atelier-image-1"), PipelineOptions.defaults()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("atelier-image-1 cannot upscale");
    }
}
