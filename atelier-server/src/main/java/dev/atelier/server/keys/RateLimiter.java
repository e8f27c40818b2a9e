package dev.atelier.server.keys;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images per key (or any other id: a studio user, a client address) per sliding minute, in this process. (Several
 * server processes each enforce the limit on the requests they receive; the daily quota, kept in the database, is
 * shared.) Windows left empty are dropped now and then, so ids seen once do not accumulate.
 */
public final class RateLimiter {
    private static final long WINDOW_MILLIS = 60_000;
    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

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
        return tryAcquire(key.id(), key.ratePerMinute(), images, nowMillis);
    }

    /**
     * Takes {@code images} from the minute of {@code id}, allowed {@code perMinute}, if they fit.
     *
     * @return 0 if granted, else the seconds to wait before they would fit
     */
    public long tryAcquire(String id, int perMinute, int images, long nowMillis) {
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) sweep(nowMillis);
        Window w = windows.computeIfAbsent(id, k -> new Window());
        synchronized (w) {
            expire(w, nowMillis);
            if (w.total + images <= perMinute) {
                w.grants.addLast(new long[] {nowMillis, images});
                w.total += images;
                return 0;
            }
            // wait until enough old grants leave the window
            long needed = w.total + images - perMinute;
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
        release(key.id(), images);
    }

    /** Gives back images taken for {@code id} by the last {@link #tryAcquire(String, int, int, long)}. */
    public void release(String id, int images) {
        Window w = windows.get(id);
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

    private static void expire(Window w, long nowMillis) {
        while (!w.grants.isEmpty() && w.grants.peekFirst()[0] <= nowMillis - WINDOW_MILLIS) w.total -= w.grants.pollFirst()[1];
    }

    // drops windows with nothing left in them (a racing tryAcquire on a dropped window loses at most that grant)
    private void sweep(long nowMillis) {
        windows.forEach((id, w) -> {
            synchronized (w) {
                expire(w, nowMillis);
                if (w.grants.isEmpty()) windows.remove(id, w);
            }
        });
    }
}
