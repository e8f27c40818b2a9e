package dev.atelier.server.store;

import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.spi.LocalBlobStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Blobs in the server's database (table {@code blobs}): every process that reaches the database reaches the images,
 * with nothing else to share. An image's bytes are written in the transaction that records it ({@link #put(Connection,
 * String, byte[])}), so a failed commit leaves nothing behind. Images are tens of kilobytes; a deployment with many
 * millions of them wants {@code s3} instead.
 *
 * A database failure is a {@link StoreException}, as for every other query.
 *
 * <p>Images stored in the local folder before the switch stay readable: a key not in the table is looked for there.
 */
public final class DatabaseBlobStore implements BlobStore {
    private final Database db;
    private final LocalBlobStore earlier;

    /** @param earlier the local folder of images stored before, read when a key is not in the table; or null */
    public DatabaseBlobStore(Database db, LocalBlobStore earlier) {
        this.db = db;
        this.earlier = earlier;
    }

    @Override
    public String describe() {
        return "database (table blobs in " + db.dialect().name() + ")"
                + (earlier == null ? "" : "; earlier images read from " + earlier.describe());
    }

    @Override
    public String newKey(String extension) {
        return LocalBlobStore.datedKey(extension);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        db.withConnection(c -> {
            put(c, key, bytes);
            return null;
        });
    }

    /** Writes {@code bytes} on {@code c}, in whatever transaction it is in. */
    public void put(Connection c, String key, byte[] bytes) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO blobs (storage_key, data, created_at) VALUES (?, ?, ?)")) {
            st.setString(1, key);
            st.setBytes(2, bytes);
            st.setLong(3, System.currentTimeMillis());
            st.executeUpdate();
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Optional<byte[]> found = db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT data FROM blobs WHERE storage_key = ?")) {
                st.setString(1, key);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
        return found.isPresent() || earlier == null ? found : earlier.get(key);
    }

    @Override
    public void delete(String key) throws IOException {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("DELETE FROM blobs WHERE storage_key = ?")) {
                st.setString(1, key);
                return st.executeUpdate();
            }
        });
        if (earlier != null) earlier.delete(key);
    }
}
