package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.arena.BallotPolicy.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which recorded votes count: the ballot policy on votes with known times, sessions and addresses. */
class BallotsTest {
    static final BallotPolicy POLICY = BallotPolicy.defaults();
    static final long T0 = 1_700_000_000_000L;
    static int ids;

    /** A web vote for side A ({@code x} against {@code y}) by {@code user} from {@code address}, looked at for {@code lookMs}. */
    static Battle vote(String user, String address, long at, long lookMs, String x, String y, Vote v) {
        return new Battle("bat_" + ids++, user, "a cat", 1, x, y, "job_a", "job_b", v, "web", at - lookMs - 1000, at, at - lookMs, address);
    }

    @Test
    void aSessionsVotesCountOnceItHasVotedSeveralTimesWithNormalLookTimesOverSomeMinutes() {
        var votes = new ArrayList<Battle>();
        for (int i = 0; i < 5; i++) votes.add(vote("u_1", "10.0.0." + i, T0 + i * 50_000L, 6000, "x", "y", i % 2 == 0 ? Vote.A : Vote.B));
        assertThat(Ballots.judge(votes, POLICY).values()).containsOnly(Verdict.COUNTED);
        assertThat(Ballots.judge(votes.subList(0, 4), POLICY).values()).as("four votes").containsOnly(Verdict.PROVISIONAL);
    }

    @Test
    void fiveQuickVotesInAMinuteLeaveTheSessionProvisional() {
        var votes = new ArrayList<Battle>();
        for (int i = 0; i < 5; i++) votes.add(vote("u_1", "10.0.0.1", T0 + i * 10_000L, 6000, "x", "y", Vote.A));
        assertThat(Ballots.judge(votes, POLICY).values()).containsOnly(Verdict.PROVISIONAL);
    }

    @Test
    void aFreshSessionPerBattleNeverCounts() {
        var votes = new ArrayList<Battle>();
        for (int i = 0; i < 50; i++) votes.add(vote("u_" + i, "10.0.0.1", T0 + i * 60_000L, 5000, "x", "y", Vote.A));
        assertThat(Ballots.judge(votes, POLICY).values()).containsOnly(Verdict.PROVISIONAL);
    }

    @Test
    void aVoteSoonerThanTheLookTimeOrWithoutBothImagesShownDoesNotCount() {
        var fast = vote("u_1", "10.0.0.1", T0, 1999, "x", "y", Vote.A);
        var unseen = new Battle("bat_unseen", "u_1", "a cat", 1, "x", "y", "j", "k", Vote.A, "web", T0, T0 + 5000, null, "10.0.0.1");
        var judged = Ballots.judge(List.of(fast, unseen), POLICY);
        assertThat(judged.get(fast.id())).isEqualTo(Verdict.TOO_FAST);
        assertThat(judged.get(unseen.id())).isEqualTo(Verdict.UNSEEN);
    }

    @Test
    void aOneSidedBurstFromOneSubnetIsDroppedEvenFromTrustedSessions() {
        var votes = new ArrayList<Battle>();
        // six sessions in 203.0.113.0/24, each trusted (5 votes over 4 minutes), all for x, inside ten minutes
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < 5; i++) votes.add(vote("u_" + s, "203.0.113." + (s + 1), T0 + i * 60_000L + s * 1000L, 4000, "x", "y", Vote.A));
        }
        // an honest trusted user elsewhere
        for (int i = 0; i < 5; i++) votes.add(vote("u_h", "198.51.100.7", T0 + i * 60_000L, 4000, "x", "y", i < 2 ? Vote.A : Vote.B));
        var judged = Ballots.judge(votes, POLICY);
        assertThat(votes.subList(0, 30)).allSatisfy(b -> assertThat(judged.get(b.id())).isEqualTo(Verdict.BURST));
        assertThat(votes.subList(30, 35)).allSatisfy(b -> assertThat(judged.get(b.id())).isEqualTo(Verdict.COUNTED));
    }

    @Test
    void aMixedStreamFromOneAddressIsNoBurst() {
        var votes = new ArrayList<Battle>();
        for (int i = 0; i < 20; i++) votes.add(vote("u_1", "10.0.0.1", T0 + i * 20_000L, 4000, "x", "y", i % 3 == 0 ? Vote.B : Vote.A));
        assertThat(Ballots.judge(votes, POLICY).values()).containsOnly(Verdict.COUNTED);
    }

    @Test
    void tiesAreNeverABurstAndSimulatedVotesAlwaysCount() {
        var votes = new ArrayList<Battle>();
        for (int i = 0; i < 20; i++) votes.add(vote("u_1", "10.0.0.1", T0 + i * 20_000L, 4000, "x", "y", Vote.TIE));
        votes.add(new Battle("bat_sim", "simulator", "a cat", 1, "x", "y", "j", "k", Vote.A, "simulated", T0, T0, null, null));
        assertThat(Ballots.judge(votes, POLICY).values()).containsOnly(Verdict.COUNTED);
    }

    @Test
    void subnetsAreSlash24ForIpv4AndTheSlash64GroupForIpv6() {
        assertThat(Ballots.subnet("203.0.113.9")).isEqualTo("203.0.113.0/24");
        assertThat(Ballots.subnet("2001:db8:1:2::/64")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void policyValuesOutOfRangeAreRefusedByName() {
        var d = BallotPolicy.defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BallotPolicy(0, 10, d.minLook(), 5, d.trustSpan(), 12,
                d.burstWindow(), 0.9, 20)).hasMessageContaining("votes_per_address_minute");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BallotPolicy(30, 500, d.minLook(), 5, d.trustSpan(), 12,
                Duration.ofMinutes(10), 0.4, 20)).hasMessageContaining("burst_share");
    }
}
