package dev.atelier.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engine.image.RgbImage;
import org.junit.jupiter.api.Test;

class ObjectFinderTest {
    private static RgbImage canvas(float r, float g, float b) {
        float[] px = new float[256 * 256 * 3];
        for (int p = 0; p < 256 * 256; p++) {
            px[p * 3] = r;
            px[p * 3 + 1] = g;
            px[p * 3 + 2] = b;
        }
        return new RgbImage(256, 256, px);
    }

    private static void square(RgbImage img, int x0, int y0, int side) {
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                int p = (y * 256 + x) * 3;
                img.pixels()[p] = 0.9f;
                img.pixels()[p + 1] = 0.1f;
                img.pixels()[p + 2] = 0.1f;
            }
        }
    }

    @Test
    void backgroundIsTheBorderColour() {
        var img = canvas(0.2f, 0.4f, 0.8f);
        square(img, 100, 100, 50);
        var found = ObjectFinder.find(img);
        assertThat(found.background()[0]).isCloseTo(0.2f, within(1e-6f));
        assertThat(found.background()[2]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void findsSeparateObjectsLargestFirstWithExactBoxes() {
        var img = canvas(1, 1, 1);
        square(img, 20, 100, 40);
        square(img, 150, 90, 70);
        var regions = ObjectFinder.find(img).regions();
        assertThat(regions).hasSize(2);
        assertThat(regions.get(0)).isEqualTo(new ObjectFinder.Region(150, 90, 220, 160, regions.get(0).area()));
        assertThat(regions.get(1)).isEqualTo(new ObjectFinder.Region(20, 100, 60, 140, regions.get(1).area()));
    }

    @Test
    void joinsPartsOneCellApart() {
        var img = canvas(1, 1, 1);
        square(img, 40, 40, 40);
        square(img, 84, 40, 40);  // 4 px gap = one grid cell
        assertThat(ObjectFinder.find(img).regions()).hasSize(1);
    }

    @Test
    void aPlainImageHasNoObjects() {
        assertThat(ObjectFinder.find(canvas(0.5f, 0.5f, 0.5f)).regions()).isEmpty();
    }
}
