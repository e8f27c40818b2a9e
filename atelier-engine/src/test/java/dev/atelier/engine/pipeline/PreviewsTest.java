package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.model.ModelDefaults;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewsTest {
    private static final ModelDefaults PIXEL_X4 = new ModelDefaults(256, 3, 4, 1.0, 8, 4.0, List.of());
    private static final ModelDefaults SD = new ModelDefaults(512, 4, 8, 0.18215, 50, 7.5, List.of());

    @Test
    void aSmallCanvasIsShownAtTheRequestedSizeByRepeatingPixels() {
        // [1, 3, 2, 2]: a red, green, blue and black pixel in [-1, 1]
        float[] sample = {1, -1, -1, -1, -1, 1, -1, -1, -1, -1, 1, -1};
        var img = Previews.of(sample, new long[] {1, 3, 2, 2}, 0, PIXEL_X4, 8, 8).orElseThrow();
        assertThat(img.width()).isEqualTo(8);
        assertThat(img.byteAt(0, 0)).isEqualTo(255);           // top-left quarter red
        assertThat(img.byteAt(3 * 8 + 3, 0)).isEqualTo(255);
        assertThat(img.byteAt(4, 1)).isEqualTo(255);           // top-right quarter green
        assertThat(img.byteAt(7 * 8, 2)).isEqualTo(255);       // bottom-left quarter blue
        assertThat(img.byteAt(7 * 8 + 7, 0)).isZero();         // bottom-right black
    }

    @Test
    void anRgbaCanvasShowsItsColourOfTheAskedImage() {
        // [2, 4, 1, 1]: image 0 red, image 1 blue; alpha is not shown
        float[] sample = {1, -1, -1, 1, -1, -1, 1, -1};
        var img = Previews.ofPixels(sample, new long[] {2, 4, 1, 1}, 1, 4, 4).orElseThrow();
        assertThat(img.width()).isEqualTo(4);
        assertThat(img.byteAt(5, 2)).isEqualTo(255);
        assertThat(img.byteAt(5, 0)).isZero();
        assertThat(img.hasAlpha()).isFalse();
    }

    @Test
    void aStableDiffusionLatentIsMappedToColour() {
        float[] sample = new float[4];  // [1, 4, 1, 1] zeros map to mid grey
        var img = Previews.of(sample, new long[] {1, 4, 1, 1}, 0, SD, 8, 8).orElseThrow();
        assertThat(img.byteAt(0, 0)).isEqualTo(128);
    }

    @Test
    void otherLatentSpacesGetNoPreview() {
        assertThat(Previews.of(new float[16], new long[] {1, 16, 1, 1}, 0, SD, 8, 8)).isEmpty();
    }

    @Test
    void previewStepsAreSpreadEvenlyAndNeverTheLast() {
        assertThat(PreviewSteps.of(3, 8)).containsExactly(2, 4, 6);
        assertThat(PreviewSteps.of(1, 1)).isEmpty();
    }
}
