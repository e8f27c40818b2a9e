package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * How a file format carries a C2PA manifest store: where it goes, how it is wrapped, and how to find it again.
 * Every format here keeps the whole store in one contiguous run of bytes, which the data hash excludes.
 */
sealed interface Container permits PngContainer, JpegContainer, WebpContainer {

    /** Whether signing handles {@code format} here: every {@link ImageFormat} (PNG, JPEG, WebP). */
    static boolean handles(ImageFormat format) {
        return format != null;
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
            case WEBP -> new WebpContainer();
        };
    }

    /** The container for a file by its signature bytes, or empty for a format C2PA signing does not handle here. */
    static Optional<Container> detect(byte[] file) {
        if (PngContainer.matches(file)) return Optional.of(new PngContainer());
        if (JpegContainer.matches(file)) return Optional.of(new JpegContainer());
        if (WebpContainer.matches(file)) return Optional.of(new WebpContainer());
        return Optional.empty();
    }

    /**
     * {@code image} made ready to take a manifest, before anything is hashed: itself, except for a simple-format WebP,
     * which becomes extended format (the only one that may carry extra chunks).
     *
     * @throws IllegalArgumentException where the image is not of this format
     */
    default byte[] prepare(byte[] image) {
        return image;
    }

    /**
     * The offset where the manifest goes in {@code image} (as {@link #prepare} left it).
     *
     * @throws IllegalArgumentException where the image is not of this format or already has a manifest
     */
    int insertionPoint(byte[] image);

    /**
     * SHA-256 over the file that inserting {@code length} manifest bytes at {@code at} into {@code image} gives, those
     * bytes left out: the data hash. Here, where inserting changes nothing else, the hash of {@code image} itself.
     */
    default byte[] dataHash(byte[] image, int at, long length) {
        return Manifests.sha256(image, 0, image.length);
    }

    /** {@code image} with {@code manifest} (as {@link #wrap} made it) inserted at {@code at}: the signed file. */
    default byte[] insert(byte[] image, int at, byte[] manifest) {
        var out = new ByteArrayOutputStream(image.length + manifest.length);
        out.write(image, 0, at);
        out.writeBytes(manifest);
        out.write(image, at, image.length - at);
        return out.toByteArray();
    }

    /**
     * What the manifest store's length must be a multiple of: 1, or 2 for WebP, whose RIFF chunks are padded to an
     * even length; an even store needs no pad byte, so the whole chunk is exactly what the data hash excludes.
     */
    default int storeAlignment() {
        return 1;
    }

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
