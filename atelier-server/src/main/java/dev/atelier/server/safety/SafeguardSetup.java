package dev.atelier.server.safety;

import dev.atelier.server.spi.Safeguards;
import dev.atelier.server.store.Database;
import io.micrometer.core.instrument.MeterRegistry;

/** Opens a server's safeguards once, with its database (blocklist, audit) and metrics. */
@FunctionalInterface
public interface SafeguardSetup {
    SafetyServices open(Database db, MeterRegistry metrics);

    /** No checks at all (tests of other things). */
    static SafeguardSetup none() {
        return (db, metrics) -> SafetyServices.of(Safeguards.none());
    }

    /** These checks, as they are. */
    static SafeguardSetup fixed(Safeguards safeguards) {
        return (db, metrics) -> SafetyServices.of(safeguards);
    }
}
