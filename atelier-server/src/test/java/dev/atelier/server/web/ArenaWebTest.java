package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import dev.atelier.engine.image.PngText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Battles over raw HTTP: nothing names a contestant before the vote (no progress, blind images of equal length), a
 * vote needs both images delivered, the vote reveals, limits hold, pairs are covered.
 */
class ArenaWebTest {
    static final int VOTES_PER_MINUTE = 4;
    static final String[] NAMES = {"tiny-2-steps", "tiny-3-euler", "tiny-4-guidance-3"};
    @TempDir
    static Path dir;
    static WebTestServer s;

    @BeforeAll
    static void start() throws Exception {
        // with the standard safeguards: the images are signed, and their credentials must not name a contestant either
        s = WebTestServer.start(dir, VOTES_PER_MINUTE, c -> c, dev.atelier.server.service.StudioLimits.defaults(),
                dev.atelier.server.safety.StandardSafety.setup(dev.atelier.safety.SafetyConfig.defaults(), dir.resolve("data"),
                        new dev.atelier.engine.pipeline.PipelineOptions(dev.atelier.engine.pipeline.PipelineOptions.defaults().provider(), 1, 1)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static void assertNoName(String text) {
        for (String n : NAMES) assertThat(text).doesNotContain(n);
        assertThat(text).doesNotContain("tiny-sd").doesNotContain("job_");
    }

    @Test
    void nothingRevealsAContestantBeforeTheVoteAndTheVoteRevealsBoth() throws Exception {
        var c = s.client();
        var r = c.post("/arena/api/battles", "{\"prompt\": \"a blue whale\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertNoName(r.body());
        String id = TestServer.json(r).path("id").asText();
        // before the vote a battle is only generating or ready: no progress numbers, nothing per side
        var fields = new HashSet<String>();
        JsonNode b;
        do {
            b = TestServer.json(c.get("/arena/api/battles/" + id));
            b.fieldNames().forEachRemaining(fields::add);
            assertThat(b.path("status").asText()).isIn("generating", "ready");
            assertNoName(b.toString());
        } while (!b.path("status").asText().equals("ready"));
        assertThat(fields).containsExactlyInAnyOrder("id", "prompt", "status", "images");
        assertNoName(b.toString());
        assertNoName(c.get("/arena").body());
        var notSeen = c.post("/arena/api/battles/" + id + "/vote", "{\"vote\": \"a\"}");
        assertThat(notSeen.statusCode()).as("a vote before both images were delivered").isEqualTo(409);
        assertThat(TestServer.json(notSeen).path("error").path("code").asText()).isEqualTo("not_seen");
        int length = -1;
        for (String side : new String[] {"a", "b"}) {
            var img = c.bytes(b.path("images").path(side).asText());
            byte[] png = img.body();
            assertThat(PngText.isPng(png)).isTrue();
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(64);
            assertThat(PngText.read(png, "parameters")).isEmpty();
            assertNoName(new String(png, StandardCharsets.ISO_8859_1));
            if (length >= 0) assertThat(png).as("both sides equally long").hasSize(length);
            length = png.length;
        }
        assertThat(s.client().get("/arena/api/battles/" + id).statusCode()).as("another user's battle").isEqualTo(404);
        assertThat(c.post("/arena/api/battles/" + id + "/vote", "{\"vote\": \"c\"}").statusCode()).isEqualTo(400);

        var voted = c.post("/arena/api/battles/" + id + "/vote", "{\"vote\": \"a\"}");
        assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);
        JsonNode reveal = TestServer.json(voted).path("reveal");
        assertThat(reveal.path("a").path("name").asText()).isIn((Object[]) NAMES);
        assertThat(reveal.path("b").path("name").asText()).isIn((Object[]) NAMES).isNotEqualTo(reveal.path("a").path("name").asText());
        assertThat(reveal.path("a").path("settings").asText()).contains("tiny-sd");
        assertThat(c.post("/arena/api/battles/" + id + "/vote", "{\"vote\": \"b\"}").statusCode()).isEqualTo(409);

        // after the vote the images are the stored ones, with content credentials that name no model
        for (String side : new String[] {"a", "b"}) {
            byte[] png = c.bytes(b.path("images").path(side).asText()).body();
            assertNoName(new String(png, StandardCharsets.ISO_8859_1));
            var credentials = dev.atelier.safety.Provenance.verifier(dev.atelier.safety.SafetyConfig.defaults(),
                    dev.atelier.server.safety.StandardSafety.identityDir(dir.resolve("data"))).verify(png).credentials();
            assertThat(credentials.valid()).as(credentials.problems().toString()).isTrue();
            assertThat(credentials.model()).isNull();
        }

        JsonNode board = TestServer.json(c.get("/arena/leaderboard.json"));
        assertThat(board.path("votes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(board.path("uncounted").path("too_fast").asInt() + board.path("uncounted").path("provisional").asInt())
                .as("a new session's quick vote is recorded but not counted").isGreaterThanOrEqualTo(1);
    }

    @Test
    void pairsAreSampledSoEveryPairGetsBattlesAndVotesAreRateLimited() throws Exception {
        var c = s.client();
        var pairs = new HashSet<String>();
        int sidesA = 0;
        int refused = 0;
        for (int i = 0; i < VOTES_PER_MINUTE + 1; i++) {
            var r = c.post("/arena/api/battles", "{}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode b = c.awaitBattle(TestServer.json(r).path("id").asText());
            assertThat(b.path("prompt").asText()).isIn("a red apple", "a green frog");
            c.look(b);
            var v = c.post("/arena/api/battles/" + b.path("id").asText() + "/vote", "{\"vote\": \"tie\"}");
            if (v.statusCode() == 429) {
                refused++;
                assertThat(v.headers().firstValue("Retry-After")).isPresent();
                continue;
            }
            assertThat(v.statusCode()).as(v.body()).isEqualTo(200);
            JsonNode reveal = TestServer.json(v).path("reveal");
            String a = reveal.path("a").path("name").asText();
            String bn = reveal.path("b").path("name").asText();
            pairs.add(a.compareTo(bn) < 0 ? a + "|" + bn : bn + "|" + a);
            if (a.equals(NAMES[0])) sidesA++;
        }
        assertThat(refused).as("votes beyond %d a minute", VOTES_PER_MINUTE).isEqualTo(1);
        assertThat(pairs).as("the first three battles cover the three pairs").hasSize(3);
    }

    @Test
    void battleErrorsAreClear4xx() throws Exception {
        var c = s.client();
        c.get("/arena");
        assertThat(c.post("/arena/api/battles", "{\"prompt\": 7}").statusCode()).isEqualTo(400);
        assertThat(c.post("/arena/api/battles", "{\"model\": \"x\"}").statusCode()).isEqualTo(400);
        // the prompt is held to the server's request limits by the resolver, as every other job's is
        var tooLong = c.post("/arena/api/battles", "{\"prompt\": \"" + "a".repeat(4001) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(tooLong).path("error").path("param").asText()).isEqualTo("prompt");
        assertThat(TestServer.json(tooLong).path("error").path("message").asText())
                .isEqualTo("'prompt' is too long: 4001 characters, the limit is 4000.");
        assertThat(c.get("/arena/api/battles/bat_nope").statusCode()).isEqualTo(404);
        assertThat(c.bytes("/arena/images/bat_nope/c.png").statusCode()).isEqualTo(404);
        assertThat(c.post("/arena/api/battles/bat_nope/vote", "{\"vote\": \"a\"}").statusCode()).isEqualTo(404);
        assertThat(c.get("/arena/leaderboard").body()).contains("<table");
    }
}
