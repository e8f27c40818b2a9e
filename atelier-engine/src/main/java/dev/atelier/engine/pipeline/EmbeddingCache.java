package dev.atelier.engine.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A small thread-safe LRU map from an encoder's input (a prompt's token ids, a reference sprite) to its output. */
final class EmbeddingCache<K, V> {
    private final int capacity;
    private final Map<K, V> map;
    private final java.util.concurrent.atomic.AtomicLong misses = new java.util.concurrent.atomic.AtomicLong();

    EmbeddingCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > EmbeddingCache.this.capacity;
            }
        };
    }

    /** How many lookups had to run the encoder. */
    long misses() {
        return misses.get();
    }

    /** The cached value for {@code key} (compared by {@code equals}), computing (outside the lock) and storing it when absent. */
    V get(K key, Supplier<V> compute) {
        synchronized (map) {
            V hit = map.get(key);
            if (hit != null) return hit;
        }
        misses.incrementAndGet();
        V value = compute.get();
        if (capacity > 0) {
            synchronized (map) {
                map.put(key, value);
            }
        }
        return value;
    }
}
