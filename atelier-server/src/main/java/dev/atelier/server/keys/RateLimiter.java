package dev.atelier.server.keys;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images per key per sliding minute, in this process. (Several server processes each enforce the limit on the
 * requests they receive; the daily quota, kept in the database, is shared.)
 */
public final class RateLimiter {
    private static final long WINDOW_MILLIS = 60_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final ArrayDeque<long[]> grants = new ArrayDeque<>();  // {epoch millis, images}
        long total;
    }

    /**
     * Takes {@code images} from the key's minute if they fit.
     *
     * @return 0 if granted, else the seconds to wait before they would fit
     */
    public long tryAcquire(ApiKey key, int images, long nowMillis) {
        Window w = windows.computeIfAbsent(key.id(), k -> new Window());
        synchronized (w) {
            while (!w.grants.isEmpty() && w.grants.peekFirst()[0] <= nowMillis - WINDOW_MILLIS) w.total -= w.grants.pollFirst()[1];
            if (w.total + images <= key.ratePerMinute()) {
                w.grants.addLast(new long[] {nowMillis, images});
                w.total += images;
                return 0;
            }
            // wait until enough old grants leave the window
            long needed = w.total + images - key.ratePerMinute();
            long freed = 0;
            for (long[] g : w.grants) {
                freed += g[1];
                if (freed >= needed) return Math.max(1, (g[0] + WINDOW_MILLIS - nowMillis + 999) / 1000);
            }
            return WINDOW_MILLIS / 1000;
        }
    }

    /** Gives back images taken for a request that was then refused (e.g. queue full). */
    public void release(ApiKey key, int images) {
        Window w = windows.get(key.id());
        if (w == null) return;
        synchronized (w) {
            if (!w.grants.isEmpty()) {
                long[] last = w.grants.peekLast();
                long back = Math.min(images, last[1]);
                last[1] -= back;
                w.total -= back;
            }
        }
    }
}
