package dev.atelier.server.store;

import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.server.spi.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Image files: bytes in the blob store, rows in {@code images} (written with the job's success). An image is
 * {@linkplain #stage staged} before its job's success is recorded and {@linkplain #commit committed} in that
 * transaction, so that a success is recorded with its images or not at all, and no blob outlives a failed record:
 * <ul>
 *   <li>in the database store the bytes are written in the recording transaction itself;</li>
 *   <li>in an outside store (a folder, S3) they are written first, under an intent row ({@code blob_intents}) that
 *       the recording transaction deletes; {@link #discard} deletes the blobs of a record that failed, and
 *       {@link #sweep} those whose process died in between.</li>
 * </ul>
 */
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

    /** An image ready to be recorded: its bytes are in an outside store already, or held here for the database's. */
    public record Staged(StoredImage image, byte[] bytes) {
        public Staged {
            if (image == null || bytes == null) throw new IllegalArgumentException("a staged image needs its row and bytes");
        }
    }

    /** Stages the bytes of one image; it exists once {@link #commit} runs in the transaction that records its job. */
    public Staged stage(int index, long seed, String format, byte[] bytes, FilterResults filter) {
        String key = blobs.newKey(format.equals("jpeg") ? "jpg" : format);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        var image = new StoredImage("img_" + HexFormat.of().formatHex(id), index, seed, format, key, bytes.length, filter);
        if (!inDatabase()) {
            // the intent first: should this process die before the image row is committed, the sweeper deletes the blob
            intent(key, true);
            try {
                blobs.put(key, bytes);
            } catch (IOException e) {
                forget(key);
                throw new UncheckedIOException("cannot store image: " + e.getMessage(), e);
            }
        }
        return new Staged(image, bytes);
    }

    /** In the transaction that records the images' rows: writes database blobs, or clears the outside ones' intents. */
    public void commit(Connection c, List<Staged> staged) throws SQLException {
        for (Staged s : staged) {
            if (inDatabase()) {
                ((DatabaseBlobStore) blobs).put(c, s.image().storageKey(), s.bytes());
            } else {
                try (var st = c.prepareStatement("DELETE FROM blob_intents WHERE storage_key = ?")) {
                    st.setString(1, s.image().storageKey());
                    st.executeUpdate();
                }
            }
        }
    }

    /** Removes what {@link #stage} wrote for images that were never recorded (their job was cancelled, taken over, or the record failed). */
    public void discard(List<Staged> staged) {
        if (inDatabase()) return;
        for (Staged s : staged) {
            try {
                blobs.delete(s.image().storageKey());
                forget(s.image().storageKey());
            } catch (IOException | RuntimeException e) {
                // the intent stays: the sweeper deletes the blob later
            }
        }
    }

    /**
     * Deletes the outside blobs whose intent is older than {@code age}: writes whose image row was never committed.
     * Any process may run it; it is idempotent.
     *
     * @return how many blobs it deleted
     */
    public int sweep(Duration age) {
        if (inDatabase()) return 0;
        long before = System.currentTimeMillis() - age.toMillis();
        List<String> keys = db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT storage_key FROM blob_intents WHERE created_at <= ? ORDER BY created_at")) {
                st.setLong(1, before);
                st.setMaxRows(1000);
                var out = new ArrayList<String>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
        int n = 0;
        for (String key : keys) {
            try {
                blobs.delete(key);
                forget(key);
                n++;
            } catch (IOException e) {
                // left for the next sweep
            }
        }
        return n;
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
        try {
            blobs.delete(image.storageKey());
        } catch (IOException | RuntimeException e) {
            // the row is gone, so nothing links to the blob: an intent makes the sweeper delete it later
            if (!inDatabase()) intent(image.storageKey(), true);
        }
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

    private boolean inDatabase() {
        return blobs instanceof DatabaseBlobStore;
    }

    private void intent(String key, boolean add) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement(add ? "INSERT INTO blob_intents (storage_key, created_at) VALUES (?, ?)"
                    : "DELETE FROM blob_intents WHERE storage_key = ?")) {
                st.setString(1, key);
                if (add) st.setLong(2, System.currentTimeMillis());
                return st.executeUpdate();
            }
        });
    }

    private void forget(String key) {
        intent(key, false);
    }
}
