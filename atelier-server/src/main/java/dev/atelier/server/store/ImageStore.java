package dev.atelier.server.store;

import dev.atelier.server.spi.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** Image files: bytes in the blob store, rows in {@code images} (written with the job's success). */
public final class ImageStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final BlobStore blobs;

    public ImageStore(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Writes the bytes of one image; its row is added when the job succeeds ({@code JobQueue.succeed}). */
    public StoredImage put(int index, long seed, String format, byte[] bytes, dev.atelier.safety.moderation.FilterResults filter) {
        String key = blobs.newKey(format.equals("jpeg") ? "jpg" : format);
        try {
            blobs.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image: " + e.getMessage(), e);
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return new StoredImage("img_" + HexFormat.of().formatHex(id), index, seed, format, key, bytes.length, filter);
    }

    /** Removes the bytes of an image that was never recorded (its job was cancelled or taken over). */
    public void discard(StoredImage image) {
        try {
            blobs.delete(image.storageKey());
        } catch (IOException ignored) {
            // an orphan file is harmless
        }
    }

    /**
     * Deletes a recorded image: its row (so its job lists it no more and its id is not found) and then its bytes.
     * The caller has checked that its user may (the studio: only the owner's images).
     */
    public void delete(StoredImage image) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("DELETE FROM images WHERE id = ?")) {
                st.setString(1, image.id());
                return st.executeUpdate();
            }
        });
        discard(image);
    }

    /** The stored image with this id, if any. */
    public Optional<StoredImage> find(String id) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM images WHERE id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new StoredImage(rs.getString("id"), rs.getInt("idx"), rs.getLong("seed"),
                            rs.getString("format"), rs.getString("storage_key"), rs.getLong("bytes")));
                }
            }
        });
    }

    public byte[] bytes(StoredImage image) {
        try {
            return blobs.get(image.storageKey())
                    .orElseThrow(() -> new IllegalStateException("image " + image.id() + " is missing from storage"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
