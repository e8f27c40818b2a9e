package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the ballot policy reads from the database, on SQLite and PostgreSQL. */
class BattleStoreTest {
    @TempDir
    Path dir;

    static Battle battle(String id) {
        return new Battle(id, "u_1", "a cat", 7, "x", "y", "job_a", "job_b", null, "web", 1000, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void bothImagesAreShownAtTheLaterOfTheirFirstDeliveries(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var store = new BattleStore(d);
            store.insert(battle("bat_1"));
            store.sent("bat_1", 'b', 2000);
            assertThat(store.find("bat_1").orElseThrow().shownAt()).as("one side only").isNull();
            store.sent("bat_1", 'a', 3000);
            store.sent("bat_1", 'b', 9000);
            assertThat(store.find("bat_1").orElseThrow().shownAt()).isEqualTo(3000L);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void votesAreCountedPerAddressSinceATime(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var store = new BattleStore(d);
            for (int i = 0; i < 3; i++) {
                store.insert(battle("bat_" + i));
                assertThat(store.vote("bat_" + i, Vote.A, 10_000 + i * 1000, i < 2 ? "10.0.0.1" : "10.0.0.2")).isTrue();
            }
            assertThat(store.vote("bat_0", Vote.B, 20_000, "10.0.0.1")).as("a second vote").isFalse();
            assertThat(store.votesFrom("10.0.0.1", 0)).isEqualTo(2);
            assertThat(store.votesFrom("10.0.0.1", 10_500)).isEqualTo(1);
            assertThat(store.votesFrom("10.0.0.3", 0)).isZero();
            assertThat(store.voted()).extracting(Battle::voterAddress).containsExactly("10.0.0.1", "10.0.0.1", "10.0.0.2");
        }
    }
}
