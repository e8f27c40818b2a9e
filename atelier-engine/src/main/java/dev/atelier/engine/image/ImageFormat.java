package dev.atelier.engine.image;

import java.util.Locale;

/** Output formats. Only PNG and WebP keep an alpha channel ({@link #hasAlpha}). */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg"),
    WEBP("webp", "image/webp");

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether the format keeps a transparent image's alpha channel (JPEG does not). */
    public boolean hasAlpha() {
        return this != JPEG;
    }

    /** Parses {@code png}, {@code jpeg}, {@code jpg} or {@code webp} (case-insensitive); the error lists the valid names. */
    public static ImageFormat lookup(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            case "webp" -> WEBP;
            default -> throw new IllegalArgumentException("unknown image format '" + name + "'; valid: png, jpeg, webp");
        };
    }
}
