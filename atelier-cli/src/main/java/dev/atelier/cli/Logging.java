package dev.atelier.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One line per log event on stderr. The level comes from {@code ATELIER_LOG} (error, warning, info, debug;
 * default warning, so the CLI's own output stays clean).
 */
final class Logging {
    private Logging() {
    }

    static void configure() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        Level level = switch (System.getenv().getOrDefault("ATELIER_LOG", "warning").toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> Level.WARNING;
        };
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) root.removeHandler(h);
        var handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }
}
