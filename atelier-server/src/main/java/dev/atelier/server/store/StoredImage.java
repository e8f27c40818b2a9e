package dev.atelier.server.store;

/**
 * One image of a finished job, stored once.
 *
 * @param id         public id, used in signed URLs
 * @param index      position in the job, 0-based
 * @param seed       seed that reproduces it alone
 * @param format     {@code png} or {@code jpeg}
 * @param storageKey the blob store's key, made by the server
 * @param bytes      size of the file
 */
public record StoredImage(String id, int index, long seed, String format, String storageKey, long bytes) {
}
