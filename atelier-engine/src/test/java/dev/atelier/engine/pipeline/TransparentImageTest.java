package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engine.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * A retrieval model's RGBA output (colour composed over white, alpha) to images: opaque keeps the colour as it is,
 * transparent un-composes it, {@code c = (C - (1 - a)) / a}, with colour 0 where nothing is drawn.
 */
class TransparentImageTest {
    // [1, 4, 1, 4] in [-1, 1]: pixels (C, a) = (red over white at half coverage), (white, 0), (black, 1), (grey, 0.002)
    private static final float[] BATCH = {
            1f, 1f, -1f, 0f,       // R
            0f, 1f, -1f, 0f,       // G: 0.5 = 1 - a for red at a = 0.5
            0f, 1f, -1f, 0f,       // B
            0f, -1f, 1f, -0.996f}; // A: 0.5, 0, 1, 0.002

    @Test
    void opaqueImagesKeepTheColourComposedOverWhite() {
        RgbImage img = RetrievalPipeline.image(BATCH, 0, 4, 1, false);
        assertThat(img.hasAlpha()).isFalse();
        assertThat(img.pixels()[0]).isEqualTo(1f);
        assertThat(img.pixels()[1]).isEqualTo(0.5f);
    }

    @Test
    void transparentImagesUnComposeTheColourAndKeepTheAlpha() {
        RgbImage img = RetrievalPipeline.image(BATCH, 0, 4, 1, true);
        assertThat(img.alpha()).containsExactly(new float[] {0.5f, 0f, 1f, 0.002f}, within(1e-6f));
        assertThat(img.pixels()[0]).isEqualTo(1f);                        // red at half coverage: straight red
        assertThat(img.pixels()[1]).isCloseTo(0f, within(1e-6f));
        assertThat(new float[] {img.pixels()[3], img.pixels()[4], img.pixels()[5]}).containsExactly(0f, 0f, 0f); // nothing drawn
        assertThat(new float[] {img.pixels()[6], img.pixels()[7], img.pixels()[8]}).containsExactly(0f, 0f, 0f); // black
        assertThat(img.pixels()[9]).isZero();                              // a ≤ 1/255: colour 0
    }
}
