package dev.atelier.server.store;

import dev.atelier.safety.moderation.FilterResults;

/**
 * One image of a finished job, stored once.
 *
 * @param id         public id, used in signed URLs
 * @param index      position in the job, 0-based
 * @param seed       seed that reproduces it alone
 * @param format     {@code png} or {@code jpeg}
 * @param storageKey the blob store's key, made by the server
 * @param bytes      size of the file
 * @param filter     the image content filter's results, or null when no filter rated it
 */
public record StoredImage(String id, int index, long seed, String format, String storageKey, long bytes, FilterResults filter) {
    public StoredImage(String id, int index, long seed, String format, String storageKey, long bytes) {
        this(id, index, seed, format, storageKey, bytes, null);
    }
}
