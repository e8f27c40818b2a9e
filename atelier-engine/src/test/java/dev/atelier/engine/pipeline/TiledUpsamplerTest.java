package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engine.image.RgbImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TiledUpsamplerTest {
    private static final Path FILE = Path.of(System.getProperty("atelier.root", "."), "models", "atelier-image-2",
            "upsampler", "model.onnx");

    @Test
    void tilesCoverTheSideWithAtLeastTheOverlap() {
        assertThat(TiledUpsampler.starts(64)).containsExactly(0);
        assertThat(TiledUpsampler.starts(128)).containsExactly(0);
        assertThat(TiledUpsampler.starts(256)).containsExactly(0, 64, 128);
        for (int n = 129; n < 700; n++) {
            int[] s = TiledUpsampler.starts(n);
            assertThat(s[s.length - 1] + TiledUpsampler.TILE).isEqualTo(n);
            for (int k = 1; k < s.length; k++) assertThat(s[k - 1] + TiledUpsampler.TILE - s[k]).isGreaterThanOrEqualTo(TiledUpsampler.OVERLAP);
        }
    }

    @Test
    void weightsRampOnlyAtInnerEdgesAndNeighboursCoverEveryPixel() {
        float[] first = TiledUpsampler.weights(0, 256);
        float[] second = TiledUpsampler.weights(64, 256);
        assertThat(first[0]).isEqualTo(1f);
        assertThat(first[255]).isEqualTo(0f);
        assertThat(second[0]).isEqualTo(0f);
        // in the overlap (input 64..128 = first's outputs 128..255), at least one tile has weight
        for (int u = 128; u < 256; u++) assertThat(first[u] + second[u - 128]).as("output %d", u).isPositive();
    }

    @Test
    void oneTileIsTheUpsamplerItself() {
        try (var tiled = TiledUpsampler.open(FILE, PipelineOptions.defaults());
             var direct = new Upsampler(ai.onnxruntime.OrtEnvironment.getEnvironment(), new ai.onnxruntime.OrtSession.SessionOptions(), FILE)) {
            RgbImage in = EditPipelineTest.ramp(128);
            float[] canvas = new float[4 * 128 * 128];
            for (int p = 0; p < 128 * 128; p++) {
                for (int c = 0; c < 3; c++) canvas[c * 128 * 128 + p] = 2 * in.pixels()[p * 3 + c] - 1;
                canvas[3 * 128 * 128 + p] = 1;
            }
            RgbImage want = RetrievalPipeline.image(direct.decode(canvas, new long[] {1, 4, 128, 128}), 0, 256, 256, false);
            RgbImage got = tiled.upscale(in);
            for (int i = 0; i < want.pixels().length; i++) assertThat(got.pixels()[i]).isCloseTo(want.pixels()[i], within(1e-5f));
        }
    }

    @Test
    void neighbouringTilesAgreeWhereTheyAreBlended() {
        // two 128-pixel tiles of one picture, 64 pixels apart: past the margin their outputs are the same pixels
        RgbImage picture = EditPipelineTest.ramp(192);
        for (int p = 0; p < 192 * 192; p++) if ((p % 192 / 7 + p / 192 / 5) % 2 == 0) picture.pixels()[p * 3 + 2] = 0.1f;
        try (var tiled = TiledUpsampler.open(FILE, PipelineOptions.defaults())) {
            RgbImage a = tiled.upscale(crop(picture, 0, 0));
            RgbImage b = tiled.upscale(crop(picture, 64, 0));
            double worst = 0;
            for (int y = 2 * TiledUpsampler.MARGIN; y < 256 - 2 * TiledUpsampler.MARGIN; y++) {
                for (int x = 2 * (64 + TiledUpsampler.MARGIN); x < 2 * (128 - TiledUpsampler.MARGIN); x++) {
                    for (int c = 0; c < 3; c++) {
                        worst = Math.max(worst, Math.abs(a.pixels()[(y * 256 + x) * 3 + c] - b.pixels()[(y * 256 + x - 128) * 3 + c]));
                    }
                }
            }
            assertThat(worst).isLessThan(1e-4);
        }
    }

    private static RgbImage crop(RgbImage img, int x0, int y0) {
        float[] p = new float[128 * 128 * 3];
        for (int y = 0; y < 128; y++) System.arraycopy(img.pixels(), ((y0 + y) * img.width() + x0) * 3, p, y * 128 * 3, 128 * 3);
        return new RgbImage(128, 128, p);
    }

    @Test
    void aFlatPictureStaysFlatAcrossTheSeams() {
        float[] rgb = new float[300 * 200 * 3];
        Arrays.fill(rgb, 0.4f);
        try (var tiled = TiledUpsampler.open(FILE, PipelineOptions.defaults())) {
            RgbImage out = tiled.upscale(new RgbImage(300, 200, rgb));
            assertThat(out.width()).isEqualTo(600);
            for (float v : out.pixels()) assertThat(v).isCloseTo(0.4f, within(0.02f));
        }
    }
}
