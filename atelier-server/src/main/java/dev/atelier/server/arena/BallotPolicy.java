package dev.atelier.server.arena;

import java.time.Duration;

/**
 * What a vote costs, so that ballot stuffing does not move the leaderboard (docs/studio.md, "Which votes count").
 * Refused at once (429): more than {@code votesPerAddressMinute} or {@code votesPerAddressDay} votes from one client
 * address. Recorded but not counted in the ratings ({@link Verdict}): a vote cast less than {@code minLook} after
 * both images were delivered; the votes of a session until it is trusted (at least {@code trustVotes} votes with
 * normal look times spread over at least {@code trustSpan}); and a burst: {@code burstVotes} or more decisive votes
 * from one subnet (IPv4 /24, IPv6 /64) within {@code burstWindow}, at least {@code burstShare} of them for the same
 * contestant — those votes for that contestant are dropped.
 *
 * @param provisionalBelow a contestant with fewer counted battles is marked provisional on the leaderboard
 */
public record BallotPolicy(int votesPerAddressMinute, int votesPerAddressDay, Duration minLook, int trustVotes, Duration trustSpan,
                           int burstVotes, Duration burstWindow, double burstShare, int provisionalBelow) {
    public BallotPolicy {
        if (votesPerAddressMinute < 1) throw new IllegalArgumentException("votes_per_address_minute must be ≥ 1, got " + votesPerAddressMinute);
        if (votesPerAddressDay < votesPerAddressMinute) {
            throw new IllegalArgumentException("votes_per_address_day must be ≥ votes_per_address_minute, got " + votesPerAddressDay);
        }
        if (minLook.isNegative()) throw new IllegalArgumentException("min_look_seconds must be ≥ 0, got " + minLook.toMillis() / 1000.0);
        if (trustVotes < 1) throw new IllegalArgumentException("trust_votes must be ≥ 1, got " + trustVotes);
        if (trustSpan.isNegative()) throw new IllegalArgumentException("trust_minutes must be ≥ 0, got " + trustSpan.toSeconds() / 60.0);
        if (burstVotes < 2) throw new IllegalArgumentException("burst_votes must be ≥ 2, got " + burstVotes);
        if (burstWindow.isNegative() || burstWindow.isZero()) throw new IllegalArgumentException("burst_minutes must be > 0");
        if (!(burstShare > 0.5 && burstShare <= 1)) throw new IllegalArgumentException("burst_share must be in (0.5, 1], got " + burstShare);
        if (provisionalBelow < 0) throw new IllegalArgumentException("provisional_below must be ≥ 0, got " + provisionalBelow);
    }

    /** 30 a minute and 500 a day per address; 2 s look; trusted after 5 votes over 3 minutes; bursts of 12 in 10 minutes at 90 %; provisional below 20 battles. */
    public static BallotPolicy defaults() {
        return new BallotPolicy(30, 500, Duration.ofSeconds(2), 5, Duration.ofMinutes(3), 12, Duration.ofMinutes(10), 0.9, 20);
    }

    /** Why a recorded vote does or does not count in the ratings. */
    public enum Verdict {
        /** counts */
        COUNTED,
        /** cast before both images had been delivered (votes recorded before this policy) */
        UNSEEN,
        /** cast sooner than the minimum look time after both images were delivered */
        TOO_FAST,
        /** its session is not trusted yet */
        PROVISIONAL,
        /** part of a one-sided burst from one subnet */
        BURST;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
