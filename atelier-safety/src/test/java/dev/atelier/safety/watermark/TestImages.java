package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Images like the ones Atelier draws: shipped emoji sprites, enlarged, on white or coloured backgrounds. */
final class TestImages {
    private static RgbImage atlas;

    private TestImages() {
    }

    /** Cell {@code (col, row)} of the Noto atlas shipped with atelier-image-2: 64×64 with alpha. */
    static synchronized RgbImage sprite(int col, int row) {
        if (atlas == null) {
            Path file = Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-2/library/atlas-noto.png");
            try {
                atlas = Watermark.decode(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return Attacks.crop(atlas, col * 64, row * 64, 64, 64);
    }

    /** A {@code w × h} canvas of one colour with the sprite enlarged to {@code side} pixels at {@code (x, y)}. */
    static RgbImage onCanvas(RgbImage sprite, int w, int h, float[] background, int side, int x, int y) {
        float[] px = new float[w * h * 3];
        for (int p = 0; p < w * h; p++) System.arraycopy(background, 0, px, p * 3, 3);
        RgbImage big = Attacks.resize(sprite, (double) side / sprite.width());  // over white; re-cut with alpha below
        RgbImage alpha = Attacks.resize(alphaAsGrey(sprite), (double) side / sprite.width());
        for (int j = 0; j < big.height() && y + j < h; j++) {
            for (int i = 0; i < big.width() && x + i < w; i++) {
                int s = j * big.width() + i;
                float a = 1 - alpha.pixels()[s * 3];
                int d = ((y + j) * w + x + i) * 3;
                for (int c = 0; c < 3; c++) {
                    // undo the white composite, then compose over the background
                    float colour = a > 0.01f ? (big.pixels()[s * 3 + c] - (1 - a)) / a : 0;
                    px[d + c] = Math.min(1f, Math.max(0f, colour * a + px[d + c] * (1 - a)));
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    private static RgbImage alphaAsGrey(RgbImage sprite) {
        float[] px = new float[sprite.width() * sprite.height() * 3];
        for (int p = 0; p < sprite.alpha().length; p++) Arrays.fill(px, p * 3, p * 3 + 3, 1 - sprite.alpha()[p]);
        return new RgbImage(sprite.width(), sprite.height(), px);
    }

    static final float[] WHITE = {1f, 1f, 1f};

    /** An emoji centred on white at 256×256, as atelier-image-2 draws most prompts. */
    static RgbImage emojiOnWhite(int col, int row) {
        return Attacks.quantize(onCanvas(sprite(col, row), 256, 256, WHITE, 160, 48, 48));
    }

    /** A few emoji art images of different kinds: on white, two on a coloured background, small on white. */
    static RgbImage[] gallery() {
        return new RgbImage[] {
                emojiOnWhite(0, 0),
                emojiOnWhite(5, 3),
                Attacks.quantize(onCanvas(sprite(12, 7), 256, 256, new float[] {0.3f, 0.7f, 0.35f}, 120, 10, 120)),
                Attacks.quantize(onCanvas(sprite(20, 10), 256, 256, WHITE, 100, 140, 20)),
        };
    }
}
