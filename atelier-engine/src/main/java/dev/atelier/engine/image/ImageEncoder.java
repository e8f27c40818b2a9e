package dev.atelier.engine.image;

import java.util.Map;

/** Encodes a generated image with its parameters embedded. */
public final class ImageEncoder {
    /** JPEG quality used when none is asked for. */
    public static final int DEFAULT_JPEG_QUALITY = 90;

    private ImageEncoder() {
    }

    public static byte[] encode(RgbImage image, ImageFormat format, GenerationParameters parameters) {
        return encode(image, format, parameters, DEFAULT_JPEG_QUALITY);
    }

    public static byte[] encode(RgbImage image, ImageFormat format, GenerationParameters parameters, int jpegQuality) {
        return encode(image, format, parameters == null ? null : parameters.toA1111(), jpegQuality);
    }

    /**
     * With a {@code parameters} text as it is (an upscale's: the picture's own plus the upscale), or null for none.
     *
     * @param jpegQuality 1–100: JPEG's quality, WebP's (100 lossless); PNG ignores it
     */
    public static byte[] encode(RgbImage image, ImageFormat format, String text, int jpegQuality) {
        return switch (format) {
            case PNG -> PngEncoder.encode(image, text == null ? Map.of() : Map.of("parameters", text));
            case JPEG -> JpegEncoder.encode(image, text, jpegQuality);
            case WEBP -> WebpEncoder.encode(image, jpegQuality);  // carries no parameters
        };
    }
}
