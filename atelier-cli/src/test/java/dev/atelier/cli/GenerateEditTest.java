package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.PngText;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier generate --init-image FILE [--mask FILE] [--strength S]} on the tiny Stable Diffusion fixture. */
class GenerateEditTest {
    private static final String TINY = GenerateCommandTest.TINY;
    private static final int SIZE = 64;

    @TempDir
    Path tmp;

    private Path startImage() throws Exception {
        var img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
        Path file = tmp.resolve("start.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    // the Images API's convention: the transparent left half is redrawn
    private Path transparentLeftMask() throws Exception {
        var img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) img.setRGB(x, y, x < SIZE / 2 ? 0 : 0xFF000000);
        Path file = tmp.resolve("mask.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private Path safety() throws Exception {
        // the pixels must be compared exactly: no invisible watermark
        return Files.writeString(tmp.resolve("safety.yaml"), "provenance: {watermark: false}\n");
    }

    @Test
    void inpaintingKeepsThePixelsOutsideTheMaskAndRecordsTheEdit() throws Exception {
        Path start = startImage();
        Path out = tmp.resolve("out.png");
        CliRun r = CliRun.of("generate", "a red apple", "--model", TINY, "--steps", "4", "--seed", "3",
                "--init-image", start.toString(), "--mask", transparentLeftMask().toString(), "-o", out.toString(), "-q",
                "--safety", safety().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        BufferedImage in = ImageIO.read(start.toFile());
        BufferedImage result = ImageIO.read(out.toFile());
        assertThat(result.getWidth()).isEqualTo(SIZE);
        long changed = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (x >= SIZE / 2) assertThat(result.getRGB(x, y)).as("kept pixel (%d, %d)", x, y).isEqualTo(in.getRGB(x, y));
                else if (x < SIZE / 2 - 4 && result.getRGB(x, y) != in.getRGB(x, y)) changed++;
            }
        }
        assertThat(changed).as("redrawn pixels inside the mask").isGreaterThan(SIZE * (SIZE / 2 - 4) / 2);
        assertThat(PngText.read(Files.readAllBytes(out)).get("parameters"))
                .contains("Denoising strength: 1").contains("Init image: start.png").contains("Mask: yes");
    }

    @Test
    void imageToImageDefaultsToStrength075() throws Exception {
        Path out = tmp.resolve("img2img.png");
        CliRun r = CliRun.of("generate", "a red apple", "--model", TINY, "--steps", "4", "--seed", "3",
                "--init-image", startImage().toString(), "-o", out.toString(), "-q", "--safety", safety().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(PngText.read(Files.readAllBytes(out)).get("parameters")).contains("Denoising strength: 0.75")
                .contains("Size: 64x64");
    }

    @Test
    void errorsAreOneLineNamingTheOptionWithExitCode2() throws Exception {
        CliRun missing = CliRun.of("generate", "a cat", "--model", TINY, "--init-image", tmp.resolve("nope.png").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--init-image cannot read").contains("nope.png");
        assertThat(missing.err().lines().count()).isEqualTo(1);

        CliRun strength = CliRun.of("generate", "a cat", "--model", TINY, "--init-image", startImage().toString(),
                "--strength", "0");
        assertThat(strength.exit()).isEqualTo(2);
        assertThat(strength.err().strip()).isEqualTo("error: --strength must be greater than 0 and at most 1, got 0.0");

        var colour = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(0, 0, 0xFF0000);
        Path mask = tmp.resolve("colour.png");
        ImageIO.write(colour, "png", mask.toFile());
        CliRun badMask = CliRun.of("generate", "a cat", "--model", TINY, "--init-image", startImage().toString(),
                "--mask", mask.toString());
        assertThat(badMask.exit()).isEqualTo(2);
        assertThat(badMask.err()).startsWith("error: --mask 'colour.png' must have transparent pixels");
        assertThat(badMask.err().lines().count()).isEqualTo(1);

        CliRun orphan = CliRun.of("generate", "a cat", "--model", TINY, "--mask", mask.toString());
        assertThat(orphan.exit()).isEqualTo(2);
        assertThat(orphan.err()).contains("--mask needs --init-image FILE");
    }

    private Path blueDisc() throws Exception {
        var img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 96; y++) for (int x = 0; x < 96; x++) if (Math.hypot(x - 47.5, y - 47.5) < 43) img.setRGB(x, y, 0xFF2040E0);
        Path file = tmp.resolve("blue.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void aReferencePictureGoesToAModelWithReferenceSlots() throws Exception {
        Path out = tmp.resolve("ref.png");
        CliRun r = CliRun.of("generate", "a red apple", "--model", GenerateCommandTest.SHIPPED_2, "--seed", "1", "--reference",
                blueDisc().toString(), "-o", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(256);
    }

    @Test
    void aReferencePictureForAModelWithoutSlotsIsAnErrorNamingTheOption() throws Exception {
        CliRun r = CliRun.of("generate", "a cat", "--model", TINY, "--reference", blueDisc().toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --reference got 1 picture, but tiny-sd-onnx cannot draw from reference pictures");
    }
}
