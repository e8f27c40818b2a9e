package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import dev.atelier.server.arena.Simulation;
import dev.atelier.server.safety.SafeguardSetup;
import dev.atelier.server.service.StudioLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arena under attack, over raw HTTP from one address: ballot stuffing with a fresh cookie per battle moves no
 * rating by more than its interval's half-width, and a classifier on everything a client sees before the vote
 * (sizes, headers, JSON fields, which image arrives first) tells the contestants apart no better than chance + 10%.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArenaFairnessTest {
    static final String X = "tiny-2-steps";
    static final String Y = "tiny-4-guidance-3";
    static final int ATTACKS = 16;
    static final int HONEST = 12;
    static final int LOOKS = 12;
    static final int ROUNDS = 20;
    @TempDir
    static Path dir;
    static WebTestServer s;

    @BeforeAll
    static void start() throws Exception {
        // the studio's per-address image minute is raised so that both tests' battles fit; the ballot policy is the
        // default but for a short look time, so that an attacker who waits it out is tried too
        s = WebTestServer.start(dir, """
                contestants:
                  - {name: %s, model: tiny-sd, size: 64x64, steps: 2}
                  - {name: %s, model: tiny-sd, size: 64x64, steps: 4, guidance: 3}
                prompts: ["a red apple", "a green frog"]
                ballots: {min_look_seconds: 0.2}
                """.formatted(X, Y), c -> c, new StudioLimits(30, 1000, 4, 8, 16, 0.5), SafeguardSetup.none());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** The contestant on side A, as only the server knows before the vote (the attacker's worst case: an oracle). */
    static String sideA(WebTestServer.Client c, String battle) {
        return s.server.arena().owned(c.userId(), battle).contestantA();
    }

    static Map<String, JsonNode> rows(JsonNode board) {
        var out = new TreeMap<String, JsonNode>();
        board.path("contestants").forEach(r -> out.put(r.path("name").asText(), r));
        return out;
    }

    @Test
    @Order(1)
    void stuffingWithAFreshCookiePerBattleMovesNoRatingBeyondItsInterval() throws Exception {
        Simulation.run(s.server.arena(), HONEST, Simulation.rule("strengths:" + X + "=1000," + Y + "=1000", 7), "simulator",
                Duration.ofSeconds(60), line -> { });
        JsonNode before = TestServer.json(s.client().get("/arena/leaderboard.json"));
        assertThat(before.path("battles").asInt()).isEqualTo(HONEST);

        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < ATTACKS; i++) {
            var c = s.client();
            var r = c.post("/arena/api/battles", "{}");
            if (r.statusCode() == 429) {
                refused++;
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode b = c.awaitBattle(TestServer.json(r).path("id").asText());
            c.look(b);
            if (i % 2 == 1) Thread.sleep(250);  // half the votes wait out the minimum look time
            String side = sideA(c, b.path("id").asText()).equals(Y) ? "a" : "b";
            var v = c.post("/arena/api/battles/" + b.path("id").asText() + "/vote", "{\"vote\": \"" + side + "\"}");
            if (v.statusCode() == 429) refused++;
            else if (v.statusCode() == 200) accepted++;
            else throw new AssertionError(v.statusCode() + " " + v.body());
        }
        JsonNode after = TestServer.json(s.client().get("/arena/leaderboard.json"));
        System.out.printf("stuffing: %d votes accepted, %d refused; before %s; after %s%n", accepted, refused,
                rows(before).values(), rows(after).values());
        assertThat(accepted).as("the attack's votes are recorded").isPositive();
        assertThat(after.path("votes").asInt()).isEqualTo(HONEST + accepted);
        assertThat(after.path("uncounted").path("provisional").asInt() + after.path("uncounted").path("too_fast").asInt()).isEqualTo(accepted);
        for (var e : rows(before).entrySet()) {
            JsonNode was = e.getValue();
            JsonNode now = rows(after).get(e.getKey());
            double half = (was.path("ci_upper").asDouble() - was.path("ci_lower").asDouble()) / 2;
            assertThat(Math.abs(now.path("rating").asDouble() - was.path("rating").asDouble()))
                    .as("%s moved by the attack (half-width %.1f)", e.getKey(), half).isLessThanOrEqualTo(half);
        }
    }

    /** What the client sees of one side before the vote. */
    record Seen(int length, String headers) {
    }

    @Test
    @Order(2)
    void aClassifierOnWhatTheClientSeesGuessesTheContestantNoBetterThanChance() throws Exception {
        var http = HttpClient.newHttpClient();
        var truth = new ArrayList<Boolean>();  // per battle: X on side A
        var seenA = new ArrayList<Seen>();
        var seenB = new ArrayList<Seen>();
        var statusFields = new java.util.HashSet<String>();
        int firstRounds = 0;
        var ask = new java.util.Random(11);
        int firstIsX = 0;
        for (int i = 0; i < LOOKS; i++) {
            var c = s.client();
            var r = c.post("/arena/api/battles", "{}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String id = TestServer.json(r).path("id").asText();
            JsonNode b;
            do {
                b = TestServer.json(c.get("/arena/api/battles/" + id));
                b.fieldNames().forEachRemaining(statusFields::add);
            } while (b.path("status").asText().equals("generating"));
            boolean xOnA = sideA(c, id).equals(X);
            truth.add(xOnA);
            for (int round = 0; round < ROUNDS; round++) {
                // both images at once; which arrives first
                var order = new AtomicInteger();
                int[] arrived = new int[2];
                // asked for in a random order each round, so that the order of asking says nothing about the contestant
                var futures = new ArrayList<CompletableFuture<HttpResponse<byte[]>>>(java.util.Arrays.asList(null, null));
                boolean bFirst = ask.nextBoolean();
                for (int k = 0; k < 2; k++) {
                    int sd = bFirst ? 1 - k : k;
                    var req = HttpRequest.newBuilder(URI.create(s.url(b.path("images").path(sd == 0 ? "a" : "b").asText())))
                            .header("Cookie", "atelier_session=" + cookieOf(c)).GET().build();
                    futures.set(sd, http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((x, e) -> arrived[sd] = order.incrementAndGet()));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
                if (round == 0) {
                    seenA.add(seen(futures.get(0).join()));
                    seenB.add(seen(futures.get(1).join()));
                }
                boolean aFirst = arrived[0] < arrived[1];
                firstRounds++;
                if (aFirst == xOnA) firstIsX++;
            }
        }
        assertThat(statusFields).containsExactlyInAnyOrder("id", "prompt", "status", "images");
        double bySize = accuracy(truth, seenA, seenB, (a, b) -> Integer.compare(a.length(), b.length()));
        double byHeaders = accuracy(truth, seenA, seenB, (a, b) -> a.headers().compareTo(b.headers()));
        double byArrival = (double) firstIsX / firstRounds;
        System.out.printf("blindness: classifier accuracy by size %.3f, by headers %.3f, by arrival order %.3f (%d rounds)%n",
                bySize, byHeaders, byArrival, firstRounds);
        // the classifier itself can see a tell where there is one
        var leaky = new ArrayList<Seen>();
        for (boolean t : truth) leaky.add(new Seen(t ? 1 : 0, ""));
        var flat = new ArrayList<Seen>();
        for (boolean t : truth) flat.add(new Seen(t ? 0 : 1, ""));
        assertThat(accuracy(truth, leaky, flat, (a, b) -> Integer.compare(a.length(), b.length()))).isEqualTo(1.0);

        for (double acc : new double[] {bySize, byHeaders, byArrival}) assertThat(Math.max(acc, 1 - acc)).isLessThanOrEqualTo(0.6);
    }

    @Test
    @Order(3)
    void aForgedForwardedForDoesNotChangeTheVotersAddressWithoutATrustedProxy() throws Exception {
        var c = s.client();
        var r = c.post("/arena/api/battles", "{}");
        JsonNode b = c.awaitBattle(TestServer.json(r).path("id").asText());
        c.look(b);
        String id = b.path("id").asText();
        var v = c.send(HttpRequest.newBuilder(URI.create(s.url("/arena/api/battles/" + id + "/vote")))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vote\": \"tie\"}")));
        assertThat(v.statusCode()).as(v.body()).isEqualTo(200);
        assertThat(s.server.arena().owned(c.userId(), id).voterAddress()).isEqualTo("127.0.0.1");
    }

    private static String cookieOf(WebTestServer.Client c) {
        return c.cookieValue();
    }

    private static Seen seen(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return new Seen(r.body().length, headers(r.headers()));
    }

    private static String headers(HttpHeaders h) {
        var m = new TreeMap<>(h.map());
        m.remove("date");
        return m.toString();
    }

    /**
     * The classifier "X is the side whose feature is larger": its accuracy over the battles, a tie counting as a coin
     * flip (½): with nothing to go on, no rule does better.
     */
    static double accuracy(List<Boolean> xOnA, List<Seen> a, List<Seen> b, java.util.Comparator<Seen> larger) {
        double right = 0;
        for (int i = 0; i < xOnA.size(); i++) {
            int cmp = larger.compare(a.get(i), b.get(i));
            if (cmp == 0) right += 0.5;
            else if ((cmp > 0) == xOnA.get(i)) right++;
        }
        return right / xOnA.size();
    }
}
