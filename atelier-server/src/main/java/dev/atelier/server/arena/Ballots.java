package dev.atelier.server.arena;

import dev.atelier.server.arena.BallotPolicy.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link BallotPolicy} to the recorded votes: which count in the ratings, and why the others do not. A pure
 * function of the votes (their times, sessions and addresses), so a session that becomes trusted later has its
 * earlier votes counted, and a burst found later drops votes that counted before.
 */
public final class Ballots {
    private Ballots() {
    }

    /** The verdict on every voted battle in {@code voted}, by battle id, in the same order. */
    public static Map<String, Verdict> judge(List<Battle> voted, BallotPolicy policy) {
        var out = new LinkedHashMap<String, Verdict>();
        var looked = new HashMap<String, List<Battle>>();  // user -> web votes with a normal look time
        for (Battle b : voted) {
            if (b.vote() == null) throw new IllegalArgumentException("battle " + b.id() + " has no vote");
            if (b.source().equals("simulated")) {
                out.put(b.id(), Verdict.COUNTED);
            } else if (b.shownAt() == null) {
                out.put(b.id(), Verdict.UNSEEN);
            } else if (b.votedAt() - b.shownAt() < policy.minLook().toMillis()) {
                out.put(b.id(), Verdict.TOO_FAST);
            } else {
                out.put(b.id(), Verdict.COUNTED);
                looked.computeIfAbsent(b.userId(), u -> new ArrayList<>()).add(b);
            }
        }
        for (List<Battle> votes : looked.values()) {
            long first = votes.stream().mapToLong(Battle::votedAt).min().orElseThrow();
            long last = votes.stream().mapToLong(Battle::votedAt).max().orElseThrow();
            boolean trusted = votes.size() >= policy.trustVotes() && last - first >= policy.trustSpan().toMillis();
            if (!trusted) for (Battle b : votes) out.put(b.id(), Verdict.PROVISIONAL);
        }
        for (Battle b : bursts(voted, policy)) if (out.get(b.id()) == Verdict.COUNTED) out.put(b.id(), Verdict.BURST);
        return out;
    }

    /** Decisive web votes in a one-sided burst from one subnet, for the contestant the burst favours. */
    static List<Battle> bursts(List<Battle> voted, BallotPolicy policy) {
        var bySubnet = new HashMap<String, List<Battle>>();
        for (Battle b : voted) {
            if (b.source().equals("simulated") || b.voterAddress() == null || winner(b) == null) continue;
            bySubnet.computeIfAbsent(subnet(b.voterAddress()), s -> new ArrayList<>()).add(b);
        }
        var out = new ArrayList<Battle>();
        long window = policy.burstWindow().toMillis();
        for (List<Battle> votes : bySubnet.values()) {
            votes.sort(Comparator.comparingLong(Battle::votedAt));
            for (int i = 0, j = 0; i < votes.size(); i++) {
                while (j < votes.size() && votes.get(j).votedAt() < votes.get(i).votedAt() + window) j++;
                List<Battle> in = votes.subList(i, j);
                if (in.size() < policy.burstVotes()) continue;
                var wins = new HashMap<String, Integer>();
                for (Battle b : in) wins.merge(winner(b), 1, Integer::sum);
                for (var e : wins.entrySet()) {
                    if (e.getValue() >= policy.burstShare() * in.size()) {
                        for (Battle b : in) if (winner(b).equals(e.getKey())) out.add(b);
                    }
                }
            }
        }
        return out;
    }

    /** The contestant a decisive vote favours, or null for a tie or "both bad". */
    static String winner(Battle b) {
        return switch (b.vote()) {
            case A -> b.contestantA();
            case B -> b.contestantB();
            case TIE, BOTH_BAD -> null;
        };
    }

    /**
     * The subnet a burst is counted over: an IPv4 address's /24; an IPv6 address is already grouped by its /64
     * ({@code service.Visitor}).
     */
    static String subnet(String addressGroup) {
        if (addressGroup.contains(":")) return addressGroup;
        int dot = addressGroup.lastIndexOf('.');
        return dot < 0 ? addressGroup : addressGroup.substring(0, dot) + ".0/24";
    }
}
