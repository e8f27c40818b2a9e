package dev.atelier.server.jobs;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named thread factories that log what escapes. */
public final class Threads {
    private static final System.Logger LOG = System.getLogger(Threads.class.getName());

    private Threads() {
    }

    public static ThreadFactory platform(String prefix, boolean daemon) {
        return platform(prefix, daemon, Thread.NORM_PRIORITY);
    }

    /** Platform threads at {@code priority} (a hint to the OS, e.g. for heartbeats beside busy inference threads). */
    public static ThreadFactory platform(String prefix, boolean daemon, int priority) {
        return platform(prefix, daemon, priority, 0);
    }

    /**
     * Threads that run ONNX Runtime: opening a session parses and optimises the model graph on the calling thread, in
     * native code that can need more than the JVM's default 1 MiB stack; an overflow there kills the process
     * silently (SIGSEGV, no error report). The stack is reserved, not committed, so a large one costs nothing unused.
     */
    public static ThreadFactory inference(String prefix) {
        return platform(prefix, false, Thread.NORM_PRIORITY, INFERENCE_STACK_BYTES);
    }

    private static final long INFERENCE_STACK_BYTES = 16L << 20;

    private static ThreadFactory platform(String prefix, boolean daemon, int priority, long stackBytes) {
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), stackBytes);
            t.setDaemon(daemon);
            t.setPriority(priority);
            t.setUncaughtExceptionHandler(Threads::uncaught);
            return t;
        };
    }

    public static ThreadFactory virtual(String prefix) {
        return Thread.ofVirtual().name(prefix + "-", 0).uncaughtExceptionHandler(Threads::uncaught).factory();
    }

    private static void uncaught(Thread t, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "uncaught in " + t.getName(), e);
    }
}
