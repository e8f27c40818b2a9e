package dev.atelier.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Stops a long-running command ({@code serve}, {@code worker}) on SIGTERM, SIGINT (Ctrl-C) or SIGHUP: runs its
 * graceful stop, then exits with 128 + the signal's number (143 for SIGTERM).
 *
 * <p>Why not a shutdown hook: ONNX Runtime's {@code OrtEnvironment} registers a hook of its own that releases the
 * native environment, and the JVM runs hooks concurrently, in no order. A stop in a hook therefore races it: a worker
 * still inside {@code OrtSession.run} or {@code createSession} then crashes the JVM (SIGSEGV, exit 134). Handling the
 * signal instead runs the stop first (running inference ends or is cancelled at a step boundary, sessions are closed)
 * and only then starts the JVM's shutdown, ONNX Runtime's hook included.
 */
final class GracefulStop {
    private GracefulStop() {
    }

    /** Handles the stop signals with {@code stop}, then waits (the calling thread) until the process exits. */
    static void awaitSignal(Runnable stop) throws InterruptedException {
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            Signal.handle(new Signal(name), s -> {
                if (!once.compareAndSet(false, true)) return; // a second signal while stopping changes nothing
                Thread.ofPlatform().name("atelier-stop").start(() -> {
                    try {
                        stop.run();
                    } finally {
                        System.exit(128 + s.getNumber());
                    }
                });
            });
        }
        new CountDownLatch(1).await();
    }
}
