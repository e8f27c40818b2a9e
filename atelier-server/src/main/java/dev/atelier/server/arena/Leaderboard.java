package dev.atelier.server.arena;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.arena.BallotPolicy.Verdict;
import dev.atelier.server.service.Json;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The leaderboard as JSON: the votes the {@link BallotPolicy} counts, fitted by {@link NormalIntervals}; refitted
 * only when votes have been added since the last call.
 */
final class Leaderboard {
    static final String METHOD = "Bradley-Terry, 400-point scale centred on 1000, each pair of contestants weighted "
            + "equally; ties and both-bad count as half a win; 95% intervals from the normal approximation with a robust "
            + "(sandwich) covariance, or the model-based one where larger; rank = 1 + contestants whose lower bound exceeds this one's upper bound";

    private final Map<String, Contestant> contestants;
    private final BallotPolicy policy;
    private volatile Board board;

    private record Board(int votes, long lastVote, ObjectNode json) {
    }

    private final int bootstrapSamples;

    /** @param bootstrapSamples resamples for the bootstrap intervals shown beside the normal ones, for comparison */
    Leaderboard(Map<String, Contestant> contestants, BallotPolicy policy, int bootstrapSamples) {
        this.contestants = contestants;
        this.policy = policy;
        this.bootstrapSamples = bootstrapSamples;
    }

    ObjectNode json(List<Battle> voted) {
        long last = voted.isEmpty() ? 0 : voted.getLast().votedAt();
        Board cached = board;
        // the verdicts depend on the votes alone (their times, not the clock's), so the same votes give the same board
        if (cached != null && cached.votes == voted.size() && cached.lastVote == last) return cached.json;
        Map<String, Verdict> verdicts = Ballots.judge(voted, policy);
        var counted = new ArrayList<Battle>();
        var uncounted = new EnumMap<Verdict, Integer>(Verdict.class);
        for (Battle b : voted) {
            Verdict v = verdicts.get(b.id());
            if (v == Verdict.COUNTED) counted.add(b);
            else uncounted.merge(v, 1, Integer::sum);
        }
        ObjectNode out = Json.object().put("battles", counted.size()).put("votes", voted.size())
                .put("provisional_below", policy.provisionalBelow()).put("method", METHOD);
        ObjectNode why = out.putObject("uncounted");
        uncounted.forEach((v, n) -> why.put(v.wire(), n));
        var rows = out.putArray("contestants");
        if (counted.isEmpty()) {
            out.put("message", voted.isEmpty() ? "No battles yet." : "No counted battles yet: " + voted.size()
                    + (voted.size() == 1 ? " vote is" : " votes are") + " recorded and none counts yet (a new session's votes count once it is trusted; see \"Which votes count\" in docs/studio.md).");
            board = new Board(voted.size(), last, out);
            return out;
        }
        var names = new ArrayList<String>(contestants.keySet());
        for (Battle b : counted) {
            if (!names.contains(b.contestantA())) names.add(b.contestantA());
            if (!names.contains(b.contestantB())) names.add(b.contestantB());
        }
        var games = new ArrayList<Ratings.Game>();
        for (Battle b : counted) games.add(new Ratings.Game(names.indexOf(b.contestantA()), names.indexOf(b.contestantB()), b.vote().scoreA()));
        var boot = new java.util.HashMap<String, Ratings.Row>();
        for (Ratings.Row r : Ratings.leaderboard(names, games, bootstrapSamples, counted.size() * 31L + counted.getLast().votedAt())) boot.put(r.name(), r);
        out.put("bootstrap_samples", bootstrapSamples);
        for (Ratings.Row r : NormalIntervals.leaderboard(names, games)) {
            ObjectNode o = rows.addObject().put("rank", r.rank()).put("name", r.name())
                    .put("rating", round(r.rating())).put("ci_lower", round(r.lower())).put("ci_upper", round(r.upper()))
                    .put("battles", r.battles()).put("wins", r.wins()).put("losses", r.losses()).put("ties", r.ties())
                    .put("provisional", r.battles() < policy.provisionalBelow())
                    .put("bootstrap_lower", round(boot.get(r.name()).lower())).put("bootstrap_upper", round(boot.get(r.name()).upper()));
            Contestant c = contestants.get(r.name());
            if (c != null) o.put("model", c.model()).put("settings", c.describe());
        }
        board = new Board(voted.size(), last, out);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
