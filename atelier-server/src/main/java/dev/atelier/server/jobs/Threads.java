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
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
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
