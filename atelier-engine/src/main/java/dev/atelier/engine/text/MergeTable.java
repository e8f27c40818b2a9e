package dev.atelier.engine.text;

import java.util.Arrays;

/**
 * The BPE merges by token-id pair: (left id, right id) to (rank, merged id). An open-addressing table of
 * primitive longs: a boxed {@code Map<Long, Long>} hashes a packed pair as {@code left ^ right}, which
 * collides heavily for 50,000 merges. Immutable once built.
 */
final class MergeTable {

    /** Returned by {@link #get} for a pair with no merge. */
    static final long NONE = Long.MAX_VALUE;

    private static final long EMPTY = -1L;  // no key: ids are >= 0, so a packed key is never -1

    private final long[] keys;
    private final long[] values;
    private final int mask;

    /** A table sized for {@code expected} pairs. */
    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
    }

    /** Records the merge of ({@code left}, {@code right}) unless the pair already has one (the better rank). */
    void putIfAbsent(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) return;
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    /** {@code rank << 32 | merged id} for the pair, or {@link #NONE}; smaller is a better rank. */
    long get(int left, int right) {
        long key = key(left, right);
        for (int i = slot(key); keys[i] != EMPTY; i = (i + 1) & mask) {
            if (keys[i] == key) return values[i];
        }
        return NONE;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    // MurmurHash3's 64-bit finalizer spreads the packed ids over all bits.
    private int slot(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a87ebL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
