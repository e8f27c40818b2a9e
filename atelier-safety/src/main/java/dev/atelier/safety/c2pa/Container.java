package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;

import java.util.Optional;

/**
 * How a file format carries a C2PA manifest store: where it goes, how it is wrapped, and how to find it again.
 * Every format here keeps the whole store in one contiguous run of bytes, which the data hash excludes.
 */
sealed interface Container permits PngContainer, JpegContainer {

    /** Whether signing handles {@code format} here: PNG and JPEG, not WebP (docs/safety.md). */
    static boolean handles(ImageFormat format) {
        // WebP's C2PA chunk would also change the RIFF header's size field, which the data hash covers
        return format != ImageFormat.WEBP;
    }

    /**
     * The container for {@code format}.
     *
     * @throws IllegalArgumentException for a format signing does not handle ({@link #handles})
     */
    static Container of(ImageFormat format) {
        return switch (format) {
            case PNG -> new PngContainer();
            case JPEG -> new JpegContainer();
            case WEBP -> throw new IllegalArgumentException("content credentials cannot be embedded in WebP here; PNG and JPEG are signed");
        };
    }

    /** The container for a file by its signature bytes, or empty for a format C2PA signing does not handle here. */
    static Optional<Container> detect(byte[] file) {
        if (PngContainer.matches(file)) return Optional.of(new PngContainer());
        if (JpegContainer.matches(file)) return Optional.of(new JpegContainer());
        return Optional.empty();
    }

    /**
     * The offset where the manifest goes in {@code image}.
     *
     * @throws IllegalArgumentException where the image is not of this format or already has a manifest
     */
    int insertionPoint(byte[] image);

    /** The manifest store wrapped as this format carries it (a chunk, marker segments): the bytes to insert. */
    byte[] wrap(byte[] store);

    /** The manifest store embedded in {@code file}, or empty if it has none. */
    Optional<Embedded> find(byte[] file);

    /**
     * A manifest store found in a file.
     *
     * @param store  the JUMBF manifest store
     * @param start  the offset of the first byte that carries it (chunk or segment headers included)
     * @param length how many bytes from {@code start} carry it
     */
    record Embedded(byte[] store, long start, long length) {
        public Embedded {
            if (start < 0 || length <= 0) throw new IllegalArgumentException("bad manifest range " + start + "+" + length);
        }
    }
}
