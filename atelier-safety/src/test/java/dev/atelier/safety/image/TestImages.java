package dev.atelier.safety.image;

import dev.atelier.engine.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Images the classifier's tests rate: the project's generated images, emoji sprites with alpha, synthetic ones. */
final class TestImages {
    static final Path ROOT = Path.of(System.getProperty("atelier.root", ".."));

    private TestImages() {
    }

    /** The 24 generated 256×256 images of the evaluation's real-image suite (atelier-image-2, emoji on white). */
    static List<Path> generated() {
        try (Stream<Path> files = Files.list(ROOT.resolve("atelier-eval/src/test/resources/real-suite"))) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every 64×64 emoji sprite (RGBA, transparent background) of the training test data's seven atlases. */
    static List<RgbImage> emojiSprites() {
        var out = new ArrayList<RgbImage>();
        try (Stream<Path> files = Files.list(ROOT.resolve("training/testdata/mini-library"))) {
            for (Path atlas : files.filter(p -> p.getFileName().toString().startsWith("atlas-")).sorted().toList()) {
                BufferedImage image = ImageIO.read(atlas.toFile());
                for (int y = 0; y + 64 <= image.getHeight(); y += 64) {
                    for (int x = 0; x + 64 <= image.getWidth(); x += 64) {
                        RgbImage cell = rgb(image.getSubimage(x, y, 64, 64));
                        if (!blank(cell)) out.add(cell);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static RgbImage read(Path png) {
        try {
            return rgb(ImageIO.read(png.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(png.toString(), e);
        }
    }

    /** A 256×256 photo-like image: a sky-to-ground gradient with a soft skin-toned disc, no alpha. */
    static RgbImage gradient() {
        int n = 256;
        float[] px = new float[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                float t = y / (n - 1f);
                float d = (float) Math.hypot(x - 150, y - 110) / 70f;
                float disc = (float) Math.exp(-d * d);
                int p = (y * n + x) * 3;
                px[p] = (0.45f + 0.3f * t) * (1 - disc) + 0.88f * disc;
                px[p + 1] = (0.62f + 0.1f * t - 0.3f * t * t) * (1 - disc) + 0.7f * disc;
                px[p + 2] = (0.9f - 0.6f * t) * (1 - disc) + 0.6f * disc;
            }
        }
        return new RgbImage(n, n, px);
    }

    private static RgbImage rgb(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        boolean hasAlpha = image.getColorModel().hasAlpha();
        float[] px = new float[w * h * 3];
        float[] alpha = hasAlpha ? new float[w * h] : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y), p = y * w + x;
                px[p * 3] = ((argb >> 16) & 255) / 255f;
                px[p * 3 + 1] = ((argb >> 8) & 255) / 255f;
                px[p * 3 + 2] = (argb & 255) / 255f;
                if (hasAlpha) alpha[p] = (argb >>> 24) / 255f;
            }
        }
        return new RgbImage(w, h, px, alpha);
    }

    private static boolean blank(RgbImage image) {
        if (!image.hasAlpha()) return false;
        for (float a : image.alpha()) if (a > 0) return false;
        return true;
    }
}
