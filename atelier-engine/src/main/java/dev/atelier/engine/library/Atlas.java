package dev.atelier.engine.library;

import dev.atelier.engine.model.ModelPackageException;
import java.nio.file.Path;

/** One style's atlas: sprites of {@link Sprite#SIZE} px laid out row-major, {@code columns} to a row. */
record Atlas(Path file, int columns, int rows, byte[] rgba) {
    static Atlas read(Path file, int columns) {
        SpriteFiles.Rgba image = SpriteFiles.readRgba(file);
        if (image.width() != columns * Sprite.SIZE || image.height() % Sprite.SIZE != 0) {
            throw new ModelPackageException(file, "expected " + columns + " columns of " + Sprite.SIZE + " px sprites ("
                    + columns * Sprite.SIZE + " px wide, a multiple of " + Sprite.SIZE + " high), got " + image.width() + "x"
                    + image.height());
        }
        return new Atlas(file, columns, image.height() / Sprite.SIZE, image.bytes());
    }

    Sprite sprite(int index) {
        if (index >= columns * rows) {
            throw new ModelPackageException(file, "has no sprite " + index + " (" + columns + " x " + rows + " sprites)");
        }
        int s = Sprite.SIZE;
        int x0 = (index % columns) * s;
        int y0 = (index / columns) * s;
        int stride = columns * s * 4;
        byte[] out = new byte[Sprite.BYTES];
        for (int y = 0; y < s; y++) {
            System.arraycopy(rgba, (y0 + y) * stride + x0 * 4, out, y * s * 4, s * 4);
        }
        return new Sprite(out);
    }
}
