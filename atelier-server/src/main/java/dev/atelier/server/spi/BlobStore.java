package dev.atelier.server.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Where image bytes live. Keys are made by the server ({@link #newKey}), never taken from a request.
 * Implementations are chosen once at start-up; {@link LocalBlobStore} is the embedded default.
 */
public interface BlobStore {

    /** Short description for the start-up log. */
    String describe();

    /** A fresh key for an object with this extension. */
    String newKey(String extension);

    void put(String key, byte[] bytes) throws IOException;

    Optional<byte[]> get(String key) throws IOException;

    void delete(String key) throws IOException;
}
