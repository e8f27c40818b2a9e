package dev.atelier.server.http;

import dev.atelier.server.service.ApiError;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests being served and event streams open, so that shutdown can wait for the first, end the second, and cut off
 * requests still running after the grace period (a synchronous call waiting for its job: it answers 503
 * {@code shutting_down}, and its client retries elsewhere or after the restart).
 */
final class InFlight {
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Thread> serving = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private final Set<Sse> streams = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    void begin() {
        requests.incrementAndGet();
        serving.add(Thread.currentThread());
    }

    void end() {
        serving.remove(Thread.currentThread());
        requests.decrementAndGet();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    int count() {
        return requests.get();
    }

    void opened(Sse sse) {
        streams.add(sse);
    }

    void closed(Sse sse) {
        streams.remove(sse);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits until every request (event streams too) has ended, or {@code grace} has passed; true if they all did. */
    boolean awaitRequests(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            while (requests.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Ends every open stream with {@code error} as its last event. */
    void endStreams(ApiError error) {
        for (Sse s : Set.copyOf(streams)) s.terminate(error);
    }

    /** Interrupts every request still being served: whatever it waits for, it stops waiting and answers at once. */
    void cutOff() {
        cut = true;
        for (Thread t : Set.copyOf(serving)) t.interrupt();
    }

    /** Whether shutdown has cut off the requests still running: a request failing now failed because of it. */
    boolean cutOffDone() {
        return cut;
    }
}
