package dev.atelier.server.arena;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The blind pairs of battles waiting for a vote, made once per battle so that both sides cost the same to serve,
 * and which sides each battle's user has been sent. Kept in this process for the {@value #KEPT} most recent
 * battles; a battle that falls out is made again on its next request.
 */
final class Deliveries {
    static final int KEPT = 256;

    private static final class Sent {
        BlindPair pair;
        final Set<Character> sent = new HashSet<>();
    }

    private final Map<String, Sent> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > KEPT;
        }
    };

    /** The battle's pair, made by {@code make} the first time. */
    BlindPair pair(String battle, Supplier<BlindPair> make) {
        Sent e;
        synchronized (this) {
            e = entries.computeIfAbsent(battle, id -> new Sent());
        }
        synchronized (e) {
            if (e.pair == null) e.pair = make.get();
            return e.pair;
        }
    }

    /** Notes that {@code side} was sent; true once both sides have been. */
    synchronized boolean delivered(String battle, char side) {
        Sent e = entries.computeIfAbsent(battle, id -> new Sent());
        e.sent.add(side);
        return e.sent.size() == 2;
    }

    synchronized void forget(String battle) {
        entries.remove(battle);
    }
}
