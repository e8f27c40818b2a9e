package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arena.yaml}: the shipped example loads, the ballot policy is read, and mistakes are named. */
class ArenaConfigTest {
    private static final Path ROOT = Path.of(System.getProperty("atelier.root"));

    @Test
    void theShippedExampleLoadsWithTheDefaultBallotPolicy() {
        var config = ArenaConfig.load(ROOT.resolve("config/arena.example.yaml"));
        assertThat(config.contestants()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(config.ballots()).isEqualTo(BallotPolicy.defaults());
    }

    @Test
    void ballotSettingsAreReadInTheirUnits(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("arena.yaml"), """
                contestants: [{name: x, model: m}, {name: y, model: m}]
                ballots: {min_look_seconds: 0.5, trust_minutes: 1.5, burst_minutes: 2, provisional_below: 3}
                """);
        BallotPolicy p = ArenaConfig.load(f).ballots();
        assertThat(p.minLook()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.trustSpan()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.burstWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.provisionalBelow()).isEqualTo(3);
        assertThat(p.votesPerAddressDay()).isEqualTo(BallotPolicy.defaults().votesPerAddressDay());
    }

    @Test
    void anUnknownOrBadBallotSettingIsNamed(@TempDir Path dir) throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "contestants: []\nballots: {min_look: 2}\n");
        assertThatThrownBy(() -> ArenaConfig.load(unknown)).hasMessageContaining("a.yaml").hasMessageContaining("'min_look'")
                .hasMessageContaining("min_look_seconds");
        Path bad = Files.writeString(dir.resolve("b.yaml"), "contestants: []\nballots: {burst_share: 0.3}\n");
        assertThatThrownBy(() -> ArenaConfig.load(bad)).hasMessageContaining("b.yaml").hasMessageContaining("burst_share");
    }
}
