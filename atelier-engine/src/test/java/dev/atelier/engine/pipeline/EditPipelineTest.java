package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image-to-image and inpainting end to end on the tiny Stable Diffusion fixture (which ships a vae_encoder). */
class EditPipelineTest {
    private static final int SIZE = 64;
    private static ModelPackage pkg;
    private static Generator sd;

    @BeforeAll
    static void open() {
        pkg = Architectures.load(Fixtures.tinySd());
        sd = Architectures.open(pkg, PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        sd.close();
    }

    /** A diagonal colour ramp, so that every pixel differs. */
    static RgbImage ramp(int size) {
        float[] p = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                p[i] = x / (float) size;
                p[i + 1] = y / (float) size;
                p[i + 2] = 0.5f;
            }
        }
        return new RgbImage(size, size, p);
    }

    static RgbImage leftHalf(int size) {
        float[] p = new float[size * size * 3];
        for (int y = 0; y < size; y++) for (int x = 0; x < size / 2; x++) for (int c = 0; c < 3; c++) p[(y * size + x) * 3 + c] = 1f;
        return new RgbImage(size, size, p);
    }

    private static GenerationRequest request(InitImage init, int steps) {
        var b = ImageRequest.of("a red apple").size(SIZE + "x" + SIZE).steps(steps).seed(7L).guidance(7.5);
        return RequestResolver.resolve(pkg, (init == null ? b : b.init(init)).build(), RequestLimits.engine());
    }

    private static RgbImage run(Generator g, GenerationRequest r, ProgressListener listener) {
        return g.generate(r, listener, new CancellationToken()).images().getFirst().image();
    }

    @Test
    void inpaintingEverythingAtStrengthOneIsTextToImageFromTheSameSeed() {
        float[] all = new float[SIZE * SIZE * 3];
        java.util.Arrays.fill(all, 1f);
        RgbImage edited = run(sd, request(new InitImage(ramp(SIZE), new RgbImage(SIZE, SIZE, all), 1.0), 4), ProgressListener.NONE);
        assertThat(edited.pixels()).isEqualTo(run(sd, request(null, 4), ProgressListener.NONE).pixels());
    }

    @Test
    void inpaintingKeepsEveryPixelOutsideTheMaskAndRedrawsTheMaskedArea() {
        RgbImage start = ramp(SIZE);
        RgbImage out = run(sd, request(new InitImage(start, leftHalf(SIZE), null, "ramp.png"), 4), ProgressListener.NONE);
        assertKeptRightHalfAndChangedLeft(start, out, 2);
    }

    static void assertKeptRightHalfAndChangedLeft(RgbImage start, RgbImage out, int seam) {
        int size = start.width();
        double changed = 0;
        int inside = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * size + x) * 3 + c;
                    if (x >= size / 2) assertThat(out.pixels()[i]).as("kept pixel (%d, %d)", x, y).isEqualTo(start.pixels()[i]);
                    else if (x < size / 2 - seam - 1) {
                        changed += Math.abs(out.pixels()[i] - start.pixels()[i]);
                        inside++;
                    }
                }
            }
        }
        assertThat(changed / inside).as("mean change inside the mask").isGreaterThan(0.02);
    }

    @Test
    void imageToImageRunsTheLastStrengthTimesStepsCallsAndRecordsTheEdit() {
        AtomicInteger calls = new AtomicInteger();
        GenerationRequest r = request(new InitImage(ramp(SIZE), null, 0.5, "ramp.png"), 10);
        GenerationResult result = sd.generate(r, e -> calls.incrementAndGet(), new CancellationToken());
        // PNDM with skip_prk_steps lists steps + 1 calls; get_timesteps keeps those from t_start = 5 on
        assertThat(calls.get()).isEqualTo(11 - 5);
        assertThat(result.images().getFirst().parameters().toA1111())
                .contains("Denoising strength: 0.5").contains("Init image: ramp.png").doesNotContain("Mask");
    }

    @Test
    void aLowStrengthStaysCloserToTheStartImageThanAHighOne() {
        RgbImage start = ramp(SIZE);
        double low = distance(start, run(sd, request(new InitImage(start, null, 0.1, null), 20), ProgressListener.NONE));
        double high = distance(start, run(sd, request(new InitImage(start, null, 1.0, null), 20), ProgressListener.NONE));
        assertThat(low).isLessThan(high);
    }

    private static double distance(RgbImage a, RgbImage b) {
        double d = 0;
        for (int i = 0; i < a.pixels().length; i++) d += Math.abs(a.pixels()[i] - b.pixels()[i]);
        return d / a.pixels().length;
    }

    @Test
    void aNineChannelInpaintingUNetIsDetectedFromItsInputAndKeepsTheUnmaskedPixels(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("tiny-sd-inpaint");
        Files.createDirectories(root.resolve("unet"));
        try (var files = Files.list(Fixtures.tinySd())) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("unet")) Files.createSymbolicLink(root.resolve(p.getFileName()), p);
            }
        }
        try (InputStream in = EditPipelineTest.class.getResourceAsStream("inpaint-unet.onnx")) {
            Files.copy(in, root.resolve("unet/model.onnx"));
        }
        ModelPackage inpaint = Architectures.load(root);
        try (Generator g = Architectures.open(inpaint, PipelineOptions.defaults())) {
            RgbImage start = ramp(SIZE);
            var r = RequestResolver.resolve(inpaint, ImageRequest.of("a red apple").size(SIZE + "x" + SIZE).steps(4).seed(7L)
                    .init(new InitImage(start, leftHalf(SIZE), null, null)).build(), RequestLimits.engine());
            assertKeptRightHalfAndChangedLeft(start, run(g, r, ProgressListener.NONE), 2);
        }
    }
}
