package dev.atelier.server.arena;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The blind pairs of battles waiting for a vote, made once per battle so that both sides cost the same to serve.
 * Kept in this process for the {@value #KEPT} most recent battles (a 256 × 256 pair is 0.4 MB); a battle that falls
 * out is made again, byte for byte the same, on its next request.
 */
final class BlindPairs {
    static final int KEPT = 32;

    private static final class Slot {
        BlindPair pair;
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > KEPT;
        }
    };

    /** The battle's pair, made by {@code make} the first time. */
    BlindPair pair(String battle, Supplier<BlindPair> make) {
        Slot s;
        synchronized (this) {
            s = slots.computeIfAbsent(battle, id -> new Slot());
        }
        synchronized (s) {
            if (s.pair == null) s.pair = make.get();
            return s.pair;
        }
    }

    synchronized void forget(String battle) {
        slots.remove(battle);
    }
}
