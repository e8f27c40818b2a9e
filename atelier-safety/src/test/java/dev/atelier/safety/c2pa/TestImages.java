package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.JpegEncoder;
import dev.atelier.engine.image.PngEncoder;
import dev.atelier.engine.image.RgbImage;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;

/** Images for the tests: a 256×256 gradient, encoded, and the same with one pixel changed. */
final class TestImages {
    static final int SIDE = 256;
    static final CreationInfo INFO = new CreationInfo("cat.png", new SoftwareAgent("Atelier", "0.1.0"), "atelier-tiny-v2",
            Instant.parse("2026-05-01T12:00:00Z"));

    private TestImages() {
    }

    static RgbImage gradient() {
        float[] pixels = new float[SIDE * SIDE * 3];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int p = (y * SIDE + x) * 3;
                pixels[p] = x / (float) SIDE;
                pixels[p + 1] = y / (float) SIDE;
                pixels[p + 2] = 0.5f;
            }
        }
        return new RgbImage(SIDE, SIDE, pixels);
    }

    /** Uniform noise: a PNG as large as a detailed generated image, for timing. */
    static RgbImage noise() {
        var random = new java.util.Random(42);
        float[] pixels = new float[SIDE * SIDE * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = random.nextFloat();
        return new RgbImage(SIDE, SIDE, pixels);
    }

    static byte[] encode(RgbImage image, ImageFormat format) {
        return switch (format) {
            case PNG -> PngEncoder.encode(image, Map.of());
            case JPEG -> JpegEncoder.encode(image, null, 90);
            case WEBP -> dev.atelier.engine.image.WebpEncoder.encode(image, 100);
        };
    }

    /**
     * {@code signed} with one pixel of its image changed and its manifest kept: the bytes up to the manifest's end,
     * then the changed image's bytes from the insertion point (the encoders are deterministic, so the headers before
     * it are the same). WebP's manifest comes last, after the image, whose re-encoded length may differ: there one
     * byte of the compressed pixels, halfway through the image chunk, is flipped instead.
     */
    static byte[] withOnePixelChanged(byte[] signed, ImageFormat format) {
        if (format == ImageFormat.WEBP) {
            byte[] tampered = signed.clone();
            int at = (int) (new WebpContainer().find(signed).orElseThrow().start() / 2);
            tampered[at] ^= 0x01;
            return tampered;
        }
        RgbImage image = gradient();
        float[] pixels = image.pixels().clone();
        pixels[(100 * SIDE + 100) * 3] = 1f - pixels[(100 * SIDE + 100) * 3];
        byte[] changed = encode(new RgbImage(SIDE, SIDE, pixels), format);
        Container container = Container.of(format);
        Container.Embedded manifest = container.find(signed).orElseThrow();
        int at = container.insertionPoint(changed);
        var out = new ByteArrayOutputStream();
        out.write(signed, 0, (int) (manifest.start() + manifest.length()));
        out.write(changed, at, changed.length - at);
        return out.toByteArray();
    }
}
