package dev.atelier.server.arena;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.server.service.Json;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.jobs.JobState;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.RateLimiter;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Visitor;
import dev.atelier.server.store.ImageStore;
import dev.atelier.engine.image.PngText;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blind battles: two contestants, drawn so that the pair with the fewest battles so far goes next (ties broken at
 * random), generate the same prompt with the same seed through the ordinary job queue; the two images are shown as
 * "A" and "B" in random order (and run in another random order) as a {@link BlindPair}, and the names are revealed
 * only after the vote. Votes are limited per user and client address; which of them count is the
 * {@link BallotPolicy}'s, and the counted ones feed the {@link Leaderboard}.
 */
public final class Arena {
    private static final System.Logger LOG = System.getLogger(Arena.class.getName());

    private final BattleStore battles;
    private final Generations generations;
    private final JobQueue queue;
    private final ImageStore images;
    private final ArenaConfig config;
    private final Map<String, Contestant> contestants = new LinkedHashMap<>();
    private final RateLimiter votes = new RateLimiter();
    private final SecureRandom random = new SecureRandom();
    private final Leaderboard board;
    private final BlindPairs pairs = new BlindPairs();

    /** What a battle looks like to its user now. */
    public enum Status { GENERATING, READY, FAILED, VOTED }

    /**
     * @param generations      where battles' jobs are resolved and queued, within the studio's admission budget
     * @param bootstrapSamples resamples for the leaderboard's bootstrap intervals, shown beside the normal ones (≥ 100)
     */
    public Arena(BattleStore battles, Generations generations, JobQueue queue, ImageStore images,
                 ArenaConfig config, int bootstrapSamples) {
        if (bootstrapSamples < 100) throw new IllegalArgumentException("bootstrap samples must be ≥ 100, got " + bootstrapSamples);
        this.battles = battles;
        this.generations = generations;
        this.queue = queue;
        this.images = images;
        this.config = config;
        this.board = new Leaderboard(contestants, config.ballots(), bootstrapSamples);
        for (Contestant c : config.contestants()) {
            try {
                generations.resolve(draft(c, "check", 0, ""));
                contestants.put(c.name(), c);
            } catch (ApiException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "arena contestant {0} left out: {1}", c.name(), e.getMessage());
            }
        }
        LOG.log(System.Logger.Level.INFO, "arena: {0} contestants {1}", contestants.size(), contestants.keySet());
    }

    public List<Contestant> contestants() {
        return List.copyOf(contestants.values());
    }

    public List<String> prompts() {
        return config.prompts();
    }

    /**
     * Starts a battle for {@code who}: {@code prompt}, or one drawn from the curated list when null or blank. Its
     * two jobs are admitted together by the studio's budget, or neither is.
     *
     * @param source {@code web} or {@code simulated}
     */
    public Battle start(Visitor who, String prompt, String source) {
        String user = who.user();
        if (contestants.size() < 2) {
            throw new ApiException(new ApiError.Conflict("The arena needs at least two contestants; " + contestants.size()
                    + " are set up (see arena.yaml in docs/studio.md).", "arena_not_ready"));
        }
        String p = prompt == null || prompt.isBlank() ? config.prompts().get(random.nextInt(config.prompts().size())) : prompt.strip();
        Contestant[] pair = nextPair();
        if (random.nextBoolean()) pair = new Contestant[] {pair[1], pair[0]};
        long seed = random.nextInt(Integer.MAX_VALUE);
        // the queue runs jobs in the order given: a second coin, so that which side runs first says nothing
        boolean aFirst = random.nextBoolean();
        var drafts = aFirst ? List.of(draft(pair[0], p, seed, user), draft(pair[1], p, seed, user))
                : List.of(draft(pair[1], p, seed, user), draft(pair[0], p, seed, user));
        List<Job> jobs = generations.submitStudio(who, drafts);
        Job ja = jobs.get(aFirst ? 0 : 1);
        Job jb = jobs.get(aFirst ? 1 : 0);
        var battle = new Battle("bat_" + HexFormat.of().formatHex(bytes(12)), user, p, seed, pair[0].name(), pair[1].name(),
                ja.id(), jb.id(), null, source, System.currentTimeMillis(), null, null, null);
        battles.insert(battle);
        return battle;
    }

    /** The contestant pair with the fewest battles so far; among equals, one at random. */
    Contestant[] nextPair() {
        Map<String, Integer> counts = battles.pairCounts();
        var list = new ArrayList<>(contestants.values());
        int best = Integer.MAX_VALUE;
        var candidates = new ArrayList<Contestant[]>();
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                int n = counts.getOrDefault(BattleStore.pairKey(list.get(i).name(), list.get(j).name()), 0);
                if (n < best) {
                    best = n;
                    candidates.clear();
                }
                if (n == best) candidates.add(new Contestant[] {list.get(i), list.get(j)});
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    // the contestant's settings over the model's defaults, one image, no previews (they would show the steps)
    private static Generations.Draft draft(Contestant c, String prompt, long seed, String user) {
        var request = ImageRequest.of(prompt).size(c.size()).steps(c.steps()).guidance(c.guidance()).scheduler(c.scheduler())
                .seed(seed).count(1).build();
        return new Generations.Draft(c.model(), request, JobSpec.Output.arena(user));
    }

    /** The user's battle, or a 404 (another user's battles do not exist for them). */
    public Battle owned(String user, String id) {
        return battles.find(id).filter(b -> b.userId().equals(user)).orElseThrow(() -> new ApiException(
                new ApiError.NotFound("No battle '" + id + "'.", "id", "not_found")));
    }

    public Status status(Battle b) {
        if (b.vote() != null) return Status.VOTED;
        Job a = queue.get(b.jobA()).orElseThrow();
        Job c = queue.get(b.jobB()).orElseThrow();
        if (a.state() == JobState.SUCCEEDED && c.state() == JobState.SUCCEEDED) return Status.READY;
        if (a.state().terminal() && a.state() != JobState.SUCCEEDED || c.state().terminal() && c.state() != JobState.SUCCEEDED) {
            return Status.FAILED;
        }
        return Status.GENERATING;
    }

    /**
     * The image of side {@code a} or {@code b}, once both sides are done. Before the vote it is the side's copy in
     * the battle's {@link BlindPair} (same size, format and length as the other side; the second side's delivery
     * starts the look time); after the vote, the stored image without its text chunks, with its content credentials.
     */
    public byte[] image(Battle b, char side) {
        Status s = status(b);
        if (s != Status.READY && s != Status.VOTED) {
            throw new ApiException(new ApiError.Conflict("The battle's images are not ready yet.", "not_ready"));
        }
        if (s == Status.VOTED) return PngText.strip(images.bytes(queue.get(side == 'a' ? b.jobA() : b.jobB()).orElseThrow().images().getFirst()));
        byte[] out = pairs.pair(b.id(), () -> BlindPair.of(images.bytes(queue.get(b.jobA()).orElseThrow().images().getFirst()),
                images.bytes(queue.get(b.jobB()).orElseThrow().images().getFirst()))).side(side);
        battles.sent(b.id(), side, System.currentTimeMillis());
        return out;
    }

    /**
     * Records {@code vote} on the user's battle. Refused when the images are not ready (409), both have not been
     * delivered (409 {@code not_seen}), the battle has a vote (409), or the user or the client address voted too
     * often (429); votes made in-process skip the limits. Whether the vote counts in the ratings is decided later,
     * by the {@link BallotPolicy} (docs/studio.md).
     */
    public Battle vote(Battle b, Vote vote, Visitor voter) {
        Status s = status(b);
        if (s == Status.VOTED) throw new ApiException(new ApiError.Conflict("This battle already has a vote.", "already_voted"));
        if (s != Status.READY) throw new ApiException(new ApiError.Conflict("Vote once both images are shown.", "not_ready"));
        long now = System.currentTimeMillis();
        if (voter.limited()) {
            if (battles.find(b.id()).orElseThrow().shownAt() == null) {
                throw new ApiException(new ApiError.Conflict("Look at both images before voting: load "
                        + "/arena/images/" + b.id() + "/a.png and b.png first.", "not_seen"));
            }
            long wait = votes.tryAcquire(new ApiKey(b.userId(), "arena voter", "u", config.votesPerMinute(), 1, 0L, null), 1, now);
            if (wait > 0) {
                throw new ApiException(new ApiError.RateLimited("You can vote " + config.votesPerMinute()
                        + " times a minute; try again in " + wait + " s.", wait));
            }
            BallotPolicy policy = config.ballots();
            if (battles.votesFrom(voter.address(), now - 60_000) >= policy.votesPerAddressMinute()) {
                throw new ApiException(new ApiError.RateLimited("Your network (" + voter.address() + ") can vote "
                        + policy.votesPerAddressMinute() + " times a minute; try again in 60 s.", 60));
            }
            if (battles.votesFrom(voter.address(), now - 86_400_000) >= policy.votesPerAddressDay()) {
                throw new ApiException(new ApiError.RateLimited("Your network (" + voter.address() + ") can vote "
                        + policy.votesPerAddressDay() + " times a day; try again tomorrow.", 3600));
            }
        }
        if (!battles.vote(b.id(), vote, now, voter.address())) {
            throw new ApiException(new ApiError.Conflict("This battle already has a vote.", "already_voted"));
        }
        pairs.forget(b.id());
        return battles.find(b.id()).orElseThrow();
    }

    /** A contestant as revealed after the vote. */
    public ObjectNode reveal(String name) {
        Contestant c = contestants.get(name);
        ObjectNode o = Json.object().put("name", name);
        if (c != null) {
            o.put("model", c.model()).put("settings", c.describe());
        }
        return o;
    }

    /** The leaderboard as JSON, refitted when votes have been added since the last call. */
    public ObjectNode leaderboard() {
        return board.json(battles.voted());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
