package dev.atelier.engine.image;

import java.util.Locale;

/** Output formats. */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg");

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

    /** Parses {@code png}, {@code jpeg} or {@code jpg} (case-insensitive); the error lists the valid names. */
    public static ImageFormat lookup(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            default -> throw new IllegalArgumentException("unknown image format '" + name + "'; valid: png, jpeg");
        };
    }
}
