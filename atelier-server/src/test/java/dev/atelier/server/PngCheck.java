package dev.atelier.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Decodes image bytes with ImageIO, to check they are a real image of the expected size. */
final class PngCheck {
    private PngCheck() {
    }

    static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) throw new AssertionError("not an image (" + bytes.length + " bytes)");
        return img;
    }
}
