package dev.atelier.engine.library;

import dev.atelier.engine.model.ModelPackageException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading and writing the library's PNGs as exact 8-bit RGBA. */
final class SpriteFiles {
    private SpriteFiles() {
    }

    /** The pixels of an 8-bit RGBA PNG as {@code // [height, width, 4]} bytes, with its size; never colour-converted. */
    record Rgba(int width, int height, byte[] bytes) {
    }

    static Rgba readRgba(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ModelPackageException(file, "not a readable PNG (" + e.getMessage() + ")");
        }
        if (image == null) throw new ModelPackageException(file, "not a PNG image");
        Raster raster = image.getRaster();
        boolean bytes = raster.getNumBands() == 4
                && java.util.Arrays.stream(raster.getSampleModel().getSampleSize()).allMatch(s -> s == 8);
        if (!bytes || image.getColorModel().isAlphaPremultiplied()) {
            throw new ModelPackageException(file, "expected an 8-bit RGBA PNG, got " + raster.getNumBands() + " channels of "
                    + java.util.Arrays.toString(raster.getSampleModel().getSampleSize()) + " bits");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 4];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row); // samples in band order: R, G, B, A
            for (int i = 0; i < row.length; i++) out[y * w * 4 + i] = (byte) row[i];
        }
        return new Rgba(w, h, out);
    }

    static Sprite readSprite(Path file) {
        Rgba rgba = readRgba(file);
        if (rgba.width() != Sprite.SIZE || rgba.height() != Sprite.SIZE) {
            throw new ModelPackageException(file, "expected a " + Sprite.SIZE + "x" + Sprite.SIZE + " sprite, got "
                    + rgba.width() + "x" + rgba.height());
        }
        return new Sprite(rgba.bytes());
    }

    static void writeSprite(Sprite sprite, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(sprite.toImage(), "png", out)) throw new IOException("no PNG writer");
        }
    }
}
