package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.InitImage;
import org.junit.jupiter.api.Test;

/** The edit arithmetic against plain expectations: diffusers' get_timesteps, the 9-channel input, the seam. */
class ImageEditTest {

    private static RgbImage grey(int w, int h, float v) {
        float[] p = new float[w * h * 3];
        java.util.Arrays.fill(p, v);
        return new RgbImage(w, h, p);
    }

    private static RgbImage leftHalf(int w, int h) {
        float[] p = new float[w * h * 3];
        for (int y = 0; y < h; y++) for (int x = 0; x < w / 2; x++) for (int c = 0; c < 3; c++) p[(y * w + x) * 3 + c] = 1f;
        return new RgbImage(w, h, p);
    }

    @Test
    void theFirstCallIsTheOneDiffusersGetTimestepsKeeps() {
        assertThat(ImageEdit.firstCall(50, 0.75, 1)).isEqualTo(13);  // init_timestep 37, t_start 13
        assertThat(ImageEdit.firstCall(10, 0.3, 1)).isEqualTo(7);    // int(3.0000000000000004) = 3
        assertThat(ImageEdit.firstCall(10, 1.0, 1)).isZero();
        assertThat(ImageEdit.firstCall(10, 0.5, 2)).isEqualTo(10);   // Heun: two calls per step
    }

    @Test
    void aNineChannelModelReadsLatentsThenMaskThenTheMaskedImagesLatents() {
        var init = new InitImage(grey(4, 4, 1f), leftHalf(4, 4), 0.5, null);
        // a 4-channel canvas at factor 1 stands in for the VAE: its latents are the pixels in [-1, 1], then alpha
        ImageEdit edit = ImageEdit.prepare(init, 10, 1, new CanvasEncoder(1, 4), new long[] {1, 4, 4, 4}, 9);
        float[] scaled = new float[4 * 16];
        java.util.Arrays.fill(scaled, 7f);
        float[] in = edit.modelInput(scaled);  // [1, 9, 4, 4]
        assertThat(edit.modelChannels()).isEqualTo(9);
        assertThat(in).hasSize(9 * 16);
        assertThat(in[0]).isEqualTo(7f);
        assertThat(in[4 * 16]).as("mask, left = edit").isEqualTo(1f);
        assertThat(in[4 * 16 + 3]).as("mask, right = keep").isEqualTo(0f);
        assertThat(in[5 * 16]).as("masked image: the edited area blanked to 0").isEqualTo(0f);
        assertThat(in[5 * 16 + 3]).as("masked image: the kept area as it is (white = 1)").isEqualTo(1f);
    }

    @Test
    void theSeamIsInsideTheMaskAndKeptPixelsAreExactlyTheStartImages() {
        int w = 64;
        var mask = EditMask.of(leftHalf(w, w));
        float[] weight = mask.feathered();
        int r = mask.featherRadius();
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                float v = weight[y * w + x];
                if (x >= w / 2) assertThat(v).isZero();
                else if (x < w / 2 - r - 1) assertThat(v).isEqualTo(1f);
                else assertThat(v).isBetween(0f, 1f);
            }
        }
        RgbImage composed = mask.compose(grey(w, w, 0.2f), grey(w, w, 0.9f));
        assertThat(composed.pixels()[(10 * w + w - 1) * 3]).isEqualTo(0.9f);
        assertThat(composed.pixels()[(10 * w) * 3]).isEqualTo(0.2f);
    }
}
