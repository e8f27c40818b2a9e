package dev.atelier.server.jobs;

import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.InitImage;
import dev.atelier.server.spi.BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An edit's uploaded pictures in the blob store: written when the job is submitted, read by the worker that runs it
 * (any machine sharing the storage). They are kept after the job, as the images' origin.
 */
public final class EditUploads {
    private EditUploads() {
    }

    /** Stores {@code bytes} (an uploaded picture) and returns its key. */
    public static String put(BlobStore blobs, byte[] bytes) {
        String key = blobs.newKey("bin");
        try {
            blobs.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the uploaded image: " + e.getMessage(), e);
        }
        return key;
    }

    /** The start picture (and mask) of {@code edit}, decoded as at submission. */
    static InitImage read(BlobStore blobs, JobSpec.Edit edit) {
        String name = edit.name() == null ? "image" : edit.name();
        var image = EditInputs.image(get(blobs, edit.imageKey()), name);
        var mask = edit.maskKey() == null ? null : EditInputs.mask(get(blobs, edit.maskKey()), "mask");
        return new InitImage(image, mask, edit.strength(), edit.name());
    }

    /** The reference pictures of {@code edit}, decoded as at submission. */
    static java.util.List<dev.atelier.engine.image.RgbImage> references(BlobStore blobs, JobSpec.Edit edit) {
        return edit.referenceKeys().stream().map(k -> EditInputs.reference(get(blobs, k), "reference")).toList();
    }

    /** The uploaded start picture's file as stored (an upscale reads its {@code parameters} too). */
    static byte[] imageBytes(BlobStore blobs, JobSpec.Edit edit) {
        return get(blobs, edit.imageKey());
    }

    private static byte[] get(BlobStore blobs, String key) {
        try {
            return blobs.get(key).orElseThrow(() -> new IllegalStateException("the edit's uploaded image " + key + " is gone from storage"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edit's uploaded image " + key + ": " + e.getMessage(), e);
        }
    }
}
