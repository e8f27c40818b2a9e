package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SpriteFitTest {
    private static BufferedImage canvas(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    }

    @Test
    void anOpaqueSquareFillsTheSpriteInsideTheMarginWithItsColour() {
        BufferedImage image = canvas(236, 236);
        for (int y = 0; y < 236; y++) for (int x = 0; x < 236; x++) image.setRGB(x, y, 0xFF3366CC);
        Sprite s = SpriteFit.fit(image);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean inside = x >= 2 && x < 61 && y >= 2 && y < 61; // 59 px: 64 less the 4 % margins, centred
                assertThat(s.channel(x, y, 3)).as("alpha at %d,%d", x, y).isEqualTo(inside ? 255 : 0);
                if (inside) assertThat(new int[] {s.channel(x, y, 0), s.channel(x, y, 1), s.channel(x, y, 2)}).containsExactly(0x33, 0x66, 0xCC);
            }
        }
    }

    @Test
    void theEmptyBorderIsCroppedAndTheAspectKept() {
        BufferedImage image = canvas(500, 500);
        var g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(100, 200, 200, 50); // a 4:1 bar far from the centre
        g.dispose();
        Sprite s = SpriteFit.fit(image);
        int top = 64, bottom = -1, left = 64, right = -1;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (s.channel(x, y, 3) > 128) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertThat(new int[] {left, right}).containsExactly(2, 60);
        assertThat(bottom - top + 1).isBetween(14, 16);
        assertThat((top + bottom + 1) / 2.0).isCloseTo(32, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void edgesKeepTheirColourBecauseResamplingIsPremultiplied() {
        BufferedImage image = canvas(400, 400);
        var g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.RED);
        g.fillOval(0, 0, 400, 400);
        g.dispose();
        Sprite s = SpriteFit.fit(image);
        int partial = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int a = s.channel(x, y, 3);
                if (a > 20 && a < 235) {
                    partial++;
                    assertThat(s.channel(x, y, 0)).as("red at %d,%d (alpha %d)", x, y, a).isGreaterThan(240);
                    assertThat(s.channel(x, y, 1)).isLessThan(15);
                }
            }
        }
        assertThat(partial).isGreaterThan(20);
    }

    @Test
    void aFullyTransparentImageIsRefused() {
        assertThatThrownBy(() -> SpriteFit.fit(canvas(10, 10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fully transparent");
    }
}
