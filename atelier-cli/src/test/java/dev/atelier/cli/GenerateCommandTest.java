package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.image.PngText;
import dev.atelier.engine.io.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    static final Path FIXTURES = Path.of(System.getProperty("atelier.root")).resolve("../shared/fixtures").normalize();
    static final String TINY = FIXTURES.resolve("tiny-sd-onnx").toString();

    @TempDir
    Path tmp;

    @Test
    void reproducesTheReferenceImageFromLatentsAndASchedulerConfig() throws Exception {
        JsonNode index = new ObjectMapper().readTree(FIXTURES.resolve("sd-golden/pipeline/index.json").toFile());
        JsonNode c = index.get("cases").get(1);  // ddim_cfg7.5_10_neg: negative prompt + guidance
        Path config = tmp.resolve("scheduler_config.json");
        var cfg = (com.fasterxml.jackson.databind.node.ObjectNode) c.get("scheduler_config").deepCopy();
        cfg.put("_class_name", c.get("scheduler_class").asText());
        Files.writeString(config, cfg.toString());
        Path out = tmp.resolve("ref.png");
        // the engine's numerics against diffusers: without the watermark, which changes pixels by design
        Path safety = Files.writeString(tmp.resolve("safety.yaml"), "provenance: {watermark: false}\n");

        CliRun r = CliRun.of("generate", c.get("prompt").asText(), "--negative", c.get("negative_prompt").asText(),
                "--model", TINY, "--size", "64x64", "--steps", c.get("steps").asText(), "--guidance",
                c.get("guidance_scale").asText(), "--scheduler-config", config.toString(),
                "--latents", FIXTURES.resolve("sd-golden/pipeline/latents.npy").toString(), "-o", out.toString(), "-q",
                "--safety", safety.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(out.toString()).contains("seed=");
        BufferedImage img = ImageIO.read(out.toFile());
        double[] expected = Npy.read(FIXTURES.resolve("sd-golden/pipeline/" + c.get("key").asText() + ".npy")).data();
        int worst = 0;
        for (int p = 0; p < 64 * 64; p++) {
            int rgb = img.getRGB(p % 64, p / 64);
            int[] got = {rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255};
            for (int ch = 0; ch < 3; ch++) worst = Math.max(worst, Math.abs(got[ch] - (int) Math.round(expected[p * 3 + ch] * 255)));
        }
        assertThat(worst).isLessThanOrEqualTo(1);
        assertThat(PngText.read(Files.readAllBytes(out)).get("parameters"))
                .startsWith(c.get("prompt").asText() + "\nNegative prompt: blurry, low quality\nSteps: 10, Sampler: ddim");
    }

    @Test
    void writesOneFilePerImageWithConsecutiveSeeds() {
        Path out = tmp.resolve("cat.jpg");
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--size", "64x64", "--steps", "2", "-n", "2",
                "--seed", "10", "-o", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(tmp.resolve("cat-0.jpg")).exists();
        assertThat(tmp.resolve("cat-1.jpg")).exists();
        assertThat(r.out()).contains("seed=10").contains("seed=11");
    }

    @Test
    void aWebpFileNameWritesWebp() throws Exception {
        Path out = tmp.resolve("cat.webp");
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--size", "64x64", "--steps", "2", "--seed", "10",
                "-o", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] file = Files.readAllBytes(out);
        assertThat(new String(file, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(64);
    }

    @Test
    void outDirNamesFilesFromPromptAndSeed() {
        CliRun r = CliRun.of("generate", "A Red Apple!", "--model", TINY, "--size", "64x64", "--steps", "1",
                "--seed", "3", "--out-dir", tmp.toString(), "-q", "--timings");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(tmp.resolve("a-red-apple-3.png")).exists();
        assertThat(r.err()).contains("timings: tokenize").contains("decode").contains("image encoding");
    }

    @Test
    void anUnknownSchedulerListsTheValidOnes() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--scheduler", "warp-drive", "-o", tmp.resolve("x.png").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--scheduler must be one of ddim").contains("got 'warp-drive'").contains("euler-ancestral").contains("flow-euler");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aSizeThatIsNotAMultipleOf8IsRejectedNamingTheOption() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--size", "100x64");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--size 100x64 is not supported by tiny-sd-onnx; supported: auto, multiples of 8 from 8 to 4096");
    }

    @Test
    void aMalformedSizeIsRejectedNamingTheOption() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--size", "big");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualToIgnoringNewLines("error: --size must be 'auto' or WIDTHxHEIGHT, e.g. '256x256'; got 'big'");
    }

    @Test
    void stepsBelowOneAreRejected() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--steps", "0", "--size", "64x64");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--steps must be between 1 and 1000, got 0");
    }

    @Test
    void aMissingModelFolderIsReported() {
        CliRun r = CliRun.of("generate", "cat", "--model", tmp.resolve("no-such-model").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-model").contains("not found");
    }

    @Test
    void aPromptOverTheTokenLimitWarnsThatItWasTruncated() {
        CliRun r = CliRun.of("generate", "apple ".repeat(90), "--model", TINY, "--size", "64x64", "--steps", "1",
                "-o", tmp.resolve("long.png").toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: prompt is longer than the model's 77 tokens and was truncated");
    }

    @Test
    void aPromptOutsideTheShippedModelsVocabularyIsWarnedAbout() {
        String shipped = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-1").toString();
        CliRun r = CliRun.of("generate", "a rocket", "--model", shipped, "--steps", "1", "--seed", "0",
                "-o", tmp.resolve("rocket.png").toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: the prompt names none of the 48 emoji atelier-image-1 was trained on");
        assertThat(tmp.resolve("rocket.png")).exists();
        CliRun models = CliRun.of("models", shipped);
        assertThat(models.out()).contains("knows 48 emoji only: monkey face, dog face, dog, ");
    }

    static final String SHIPPED_2 = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-2").toString();

    @Test
    void aTransparentBackgroundWritesAnRgbaPngAndTheLibraryEntriesUsedArePrinted() throws Exception {
        Path out = tmp.resolve("apple.png");
        CliRun r = CliRun.of("generate", "a red apple", "--model", SHIPPED_2, "--steps", "2", "--seed", "1",
                "--background", "transparent", "-o", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("library: red apple (noto)");
        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void aPromptThatRetrievesNothingSaysSo() {
        CliRun r = CliRun.of("generate", "a spaceship", "--model", SHIPPED_2, "--steps", "1",
                "-o", tmp.resolve("ship.png").toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("no library entry matched; drawing from the text alone");
        CliRun v1 = CliRun.of("generate", "cat", "--model", TINY, "--size", "64x64", "--steps", "1", "-o", tmp.resolve("v1.png").toString(), "-q");
        assertThat(v1.out()).doesNotContain("library");
    }

    @Test
    void backgroundErrorsNameTheOptionAndWhatIsAllowed() {
        CliRun bad = CliRun.of("generate", "cat", "--model", TINY, "--background", "clear");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--background must be one of auto, opaque, transparent, got 'clear'");
        CliRun jpeg = CliRun.of("generate", "cat", "--model", SHIPPED_2, "--background", "transparent", "-o", tmp.resolve("x.jpg").toString());
        assertThat(jpeg.exit()).isEqualTo(2);
        assertThat(jpeg.err()).contains("--background transparent needs PNG or WebP output");
        CliRun noAlpha = CliRun.of("generate", "cat", "--model", TINY, "--size", "64x64", "--background", "transparent");
        assertThat(noAlpha.exit()).isEqualTo(2);
        assertThat(noAlpha.err()).contains("--background 'transparent' cannot be used with tiny-sd-onnx").contains("allowed: auto, opaque");
        assertThat(noAlpha.err()).doesNotContain("at dev.atelier");
    }

    @Test
    void anUnknownOptionGetsUsageHelpAndExit2() {
        CliRun r = CliRun.of("generate", "cat", "--colour", "red");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void cudaOnTheCpuBuildFailsWithAClearMessage() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--size", "64x64", "--device", "cuda");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--device cuda needs the CUDA build of ONNX Runtime").contains("--device cpu");
        assertThat(r.err()).doesNotContain("at dev.atelier");
    }

    @Test
    void anUnknownDeviceListsTheValidOnes() {
        CliRun r = CliRun.of("generate", "cat", "--model", TINY, "--device", "tpu");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown device 'tpu'; valid: cpu, cuda");
    }
}
