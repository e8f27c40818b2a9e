package dev.atelier.server.arena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The arena's setup, from {@code arena.yaml}:
 * <pre>
 * contestants:
 *   - {name: img1-8-steps, model: atelier-image-1, steps: 8}
 *   - {name: img1-20-steps-dpm, model: atelier-image-1, steps: 20, scheduler: dpmpp-2m}
 * prompts: ["a red apple", "a smiling cat"]     # optional; else the built-in curated list
 * votes_per_minute: 20                         # optional, per browser user
 * ballots: {min_look_seconds: 2, trust_votes: 5}  # optional, see {@link BallotPolicy}
 * </pre>
 *
 * @param contestants    at least two for battles, unique names
 * @param prompts        the curated list users may draw from
 * @param votesPerMinute per-user vote limit
 * @param ballots        which votes count, and the per-address limits
 */
public record ArenaConfig(List<Contestant> contestants, List<String> prompts, int votesPerMinute, BallotPolicy ballots) {
    private static final Set<String> TOP = Set.of("contestants", "prompts", "votes_per_minute", "ballots");
    private static final Set<String> BALLOTS = Set.of("votes_per_address_minute", "votes_per_address_day", "min_look_seconds",
            "trust_votes", "trust_minutes", "burst_votes", "burst_minutes", "burst_share", "provisional_below");
    private static final Set<String> FIELDS = Set.of("name", "model", "size", "steps", "guidance", "scheduler");

    public ArenaConfig {
        contestants = List.copyOf(contestants);
        prompts = List.copyOf(prompts);
        var names = new HashSet<String>();
        for (Contestant c : contestants) if (!names.add(c.name())) throw new IllegalArgumentException("two contestants are named " + c.name());
        if (prompts.isEmpty()) throw new IllegalArgumentException("the arena needs at least one curated prompt");
        if (votesPerMinute < 1) throw new IllegalArgumentException("votes_per_minute must be ≥ 1, got " + votesPerMinute);
        if (ballots == null) throw new IllegalArgumentException("the arena needs a ballot policy");
    }

    /** One contestant per installed model with its defaults, the built-in prompts, 20 votes a minute. */
    public static ArenaConfig defaults(List<String> models) {
        return new ArenaConfig(models.stream().map(m -> new Contestant(m, m, null, null, null, null)).toList(), builtInPrompts(), 20,
                BallotPolicy.defaults());
    }

    /** Reads {@code file}; errors name the file and the bad entry. */
    public static ArenaConfig load(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": expected a mapping with 'contestants'");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP.contains(f)) throw new IllegalArgumentException(file + ": unknown key '" + f + "'; valid: " + String.join(", ", TOP));
        }
        var list = new ArrayList<Contestant>();
        for (JsonNode c : root.path("contestants")) {
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) throw new IllegalArgumentException(file + ": contestant " + c.path("name").asText("?")
                        + ": unknown key '" + f + "'; valid: " + String.join(", ", FIELDS));
            }
            try {
                list.add(new Contestant(text(c, "name"), text(c, "model"), text(c, "size"),
                        c.hasNonNull("steps") ? c.get("steps").asInt() : null,
                        c.hasNonNull("guidance") ? c.get("guidance").asDouble() : null, text(c, "scheduler")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        var prompts = new ArrayList<String>();
        for (JsonNode p : root.path("prompts")) if (!p.asText().isBlank()) prompts.add(p.asText().strip());
        int votes = root.path("votes_per_minute").asInt(20);
        try {
            return new ArenaConfig(list, prompts.isEmpty() ? builtInPrompts() : prompts, votes, ballots(root.path("ballots")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static BallotPolicy ballots(JsonNode b) {
        BallotPolicy d = BallotPolicy.defaults();
        if (b.isMissingNode() || b.isNull()) return d;
        if (!b.isObject()) throw new IllegalArgumentException("'ballots' must be a mapping; keys: " + String.join(", ", BALLOTS));
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!BALLOTS.contains(f)) throw new IllegalArgumentException("ballots: unknown key '" + f + "'; valid: " + String.join(", ", BALLOTS));
        }
        return new BallotPolicy(b.path("votes_per_address_minute").asInt(d.votesPerAddressMinute()),
                b.path("votes_per_address_day").asInt(d.votesPerAddressDay()),
                seconds(b.path("min_look_seconds").asDouble(d.minLook().toMillis() / 1000.0)),
                b.path("trust_votes").asInt(d.trustVotes()),
                seconds(60 * b.path("trust_minutes").asDouble(d.trustSpan().toMillis() / 60_000.0)),
                b.path("burst_votes").asInt(d.burstVotes()),
                seconds(60 * b.path("burst_minutes").asDouble(d.burstWindow().toMillis() / 60_000.0)),
                b.path("burst_share").asDouble(d.burstShare()),
                b.path("provisional_below").asInt(d.provisionalBelow()));
    }

    private static java.time.Duration seconds(double s) {
        return java.time.Duration.ofMillis(Math.round(s * 1000));
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    /** The curated prompts shipped with the server ({@code arena-prompts.txt}). */
    public static List<String> builtInPrompts() {
        var out = new ArrayList<String>();
        try (var in = ArenaConfig.class.getResourceAsStream("/arena-prompts.txt")) {
            if (in == null) return List.of("a red apple");
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank() && !line.startsWith("#")) out.add(line.strip());
        } catch (IOException e) {
            return List.of("a red apple");
        }
        return out;
    }
}
