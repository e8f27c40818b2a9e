package dev.atelier.server.jobs;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named thread factories that log what escapes. */
public final class Threads {
    private static final System.Logger LOG = System.getLogger(Threads.class.getName());

    private Threads() {
    }

    public static ThreadFactory platform(String prefix, boolean daemon) {
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
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
