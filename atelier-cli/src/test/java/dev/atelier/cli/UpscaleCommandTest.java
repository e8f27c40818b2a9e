package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.PngText;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.EditInputs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier upscale FILE} on images made by {@code atelier generate}: tiny Stable Diffusion (hires fix) and the
 * default atelier-image-2 (learned upsampler). Closeness: the result box-averaged back to the input's size is within a
 * mean absolute difference of 3 8-bit levels (RGB) of the input for atelier-image-2 (measured about 1; the watermark is
 * off so that the comparison sees the upsampler alone).
 */
class UpscaleCommandTest {
    private static final String TINY = GenerateCommandTest.TINY;
    private static final String SHIPPED_2 = GenerateCommandTest.SHIPPED_2;

    @TempDir
    Path tmp;

    private Path safety() throws Exception {
        return Files.writeString(tmp.resolve("safety.yaml"), "provenance: {watermark: false}\n");
    }

    private Path generate(String... modelArgs) throws Exception {
        Path out = tmp.resolve("made.png");
        String[] base = {"generate", "a red apple", "--seed", "4", "-o", out.toString(), "-q", "--safety", safety().toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + modelArgs.length);
        System.arraycopy(modelArgs, 0, args, base.length, modelArgs.length);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return out;
    }

    private static double meanDifferenceDownsampled(RgbImage big, RgbImage small, int f) {
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
    void atelierImage2DoublesAnImageOfItsOwnKeepingItsParameters() throws Exception {
        Path made = generate("--model", SHIPPED_2);
        Path out = tmp.resolve("big.png");
        CliRun r = CliRun.of("upscale", made.toString(), "--model", SHIPPED_2, "-o", out.toString(), "--timings", "--safety", safety().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("big.png  512x512");
        assertThat(r.err()).contains("timings: upscale 2x to 512x512 (atelier-image-2 learned)");
        String params = PngText.read(Files.readAllBytes(out)).get("parameters");
        assertThat(params).startsWith("a red apple\n").contains("Size: 256x256")
                .endsWith("Upscaled: 2x, Upscaler: atelier-image-2 learned");
        RgbImage in = EditInputs.image(made);
        RgbImage big = EditInputs.image(out);
        assertThat(big.width()).isEqualTo(512);
        assertThat(meanDifferenceDownsampled(big, in, 2)).isLessThan(3.0);
    }

    @Test
    void aTinyStableDiffusionImageGetsTheHiresFixWithThePromptFromItsParameters() throws Exception {
        Path made = generate("--model", TINY, "--size", "64x64", "--steps", "4");
        CliRun r = CliRun.of("upscale", made.toString(), "--model", TINY, "--factor", "4", "--seed", "2", "--strength", "0.5",
                "--safety", safety().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = tmp.resolve("made-4x.png");
        assertThat(r.out()).contains("made-4x.png  256x256");
        BufferedImage big = ImageIO.read(out.toFile());
        assertThat(big.getWidth()).isEqualTo(256);
        assertThat(PngText.read(Files.readAllBytes(out)).get("parameters")).startsWith("a red apple\n")
                .endsWith("Upscaled: 4x, Upscaler: tiny-sd-onnx hires fix; strength 0.5; 25 of 50 steps; seed 2");
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        Path plain = tmp.resolve("plain.png");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", plain.toFile());
        CliRun factor = CliRun.of("upscale", plain.toString(), "--factor", "3");
        assertThat(factor.exit()).isEqualTo(2);
        assertThat(factor.err().strip()).isEqualTo("error: --factor must be 2 or 4, got 3");
        CliRun missing = CliRun.of("upscale", tmp.resolve("nope.png").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("error: FILE cannot read ").contains("nope.png").doesNotContain("\n");
        CliRun noPrompt = CliRun.of("upscale", plain.toString(), "--model", TINY, "--safety", safety().toString());
        assertThat(noPrompt.exit()).isEqualTo(2);
        assertThat(noPrompt.err().strip()).startsWith("error: --prompt is required for the hires fix of tiny-sd-onnx");
        CliRun noUpscaler = CliRun.of("upscale", plain.toString(), "--model", SHIPPED_2.replace("atelier-image-2", "atelier-image-1"));
        assertThat(noUpscaler.exit()).isEqualTo(2);
        assertThat(noUpscaler.err().strip()).startsWith("error: --model atelier-image-1 cannot upscale");
        Path wide = tmp.resolve("wide.png");
        ImageIO.write(new BufferedImage(600, 8, BufferedImage.TYPE_INT_RGB), "png", wide.toFile());
        CliRun tooBig = CliRun.of("upscale", wide.toString(), "--factor", "4");
        assertThat(tooBig.exit()).isEqualTo(2);
        assertThat(tooBig.err().strip()).isEqualTo("error: --factor 4 would make 600x8 into 2400x32; at most 2048 pixels per side");
    }
}
