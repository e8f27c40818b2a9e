package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Never-marked images for the bench's false-positive count, besides generated images: emoji sprites cut from the
 * library atlases (64-pixel cells), drawn at random sizes and places on white canvases of random sizes (multiples of 8,
 * 128–512, some not square), and random crops and resizes of the generated images. Deterministic for a seed.
 */
final class UnmarkedSet {
    private static final int CELL = 64;

    private UnmarkedSet() {
    }

    /** The non-empty 64×64 cells of every {@code atlas-*.png} in the folder, over white. */
    static List<RgbImage> sprites(Path folder) throws IOException {
        var out = new ArrayList<RgbImage>();
        try (var files = Files.list(folder)) {
            for (Path atlasFile : files.filter(p -> p.getFileName().toString().matches("atlas-.*\\.png")).sorted().toList()) {
                RgbImage atlas = Watermark.decode(Files.readAllBytes(atlasFile));
                for (int y = 0; y + CELL <= atlas.height(); y += CELL) {
                    for (int x = 0; x + CELL <= atlas.width(); x += CELL) {
                        RgbImage cell = Attacks.crop(atlas, x, y, CELL, CELL);
                        if (coverage(cell) > 0.1) out.add(cell.overWhite());
                    }
                }
            }
        }
        return out;
    }

    private static double coverage(RgbImage cell) {
        if (cell.alpha() == null) return 1;
        double sum = 0;
        for (float a : cell.alpha()) sum += a;
        return sum / cell.alpha().length;
    }

    /** {@code count} canvases, each with one to three sprites scaled to 25–70 % of the canvas's shorter side. */
    static List<RgbImage> compositions(List<RgbImage> sprites, int count, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<RgbImage>();
        for (int i = 0; i < count; i++) {
            int w = 8 * random.nextInt(16, 65);
            int h = random.nextInt(3) == 0 ? 8 * random.nextInt(16, 65) : w;
            float[] px = new float[w * h * 3];
            Arrays.fill(px, 1f);
            int n = 1 + random.nextInt(3);
            for (int s = 0; s < n; s++) {
                RgbImage sprite = sprites.get(random.nextInt(sprites.size()));
                int side = (int) (Math.min(w, h) * (0.25 + 0.45 * random.nextDouble()));
                RgbImage scaled = Attacks.resize(sprite, (double) side / CELL);
                int ox = random.nextInt(w - scaled.width() + 1);
                int oy = random.nextInt(h - scaled.height() + 1);
                paste(scaled, px, w, ox, oy);
            }
            out.add(new RgbImage(w, h, px));
        }
        return out;
    }

    /** For each image, a random crop keeping 60–95 % of each side and a resize to a random standard side (128–512). */
    static List<RgbImage> variants(List<RgbImage> images, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<RgbImage>();
        for (RgbImage image : images) {
            double keep = 0.6 + 0.35 * random.nextDouble();
            int cw = (int) (image.width() * keep);
            int ch = (int) (image.height() * keep);
            out.add(Attacks.crop(image, random.nextInt(image.width() - cw + 1), random.nextInt(image.height() - ch + 1), cw, ch).overWhite());
            int side = 64 * random.nextInt(2, 9);
            out.add(Attacks.resize(image, (double) side / image.width()));
        }
        return out;
    }

    private static void paste(RgbImage sprite, float[] px, int w, int ox, int oy) {
        for (int y = 0; y < sprite.height(); y++) {
            for (int x = 0; x < sprite.width(); x++) {
                int s = (y * sprite.width() + x) * 3;
                int d = ((oy + y) * w + ox + x) * 3;
                for (int c = 0; c < 3; c++) px[d + c] = Math.min(px[d + c], sprite.pixels()[s + c]);  // darken: sprites overlap like ink
            }
        }
    }
}
