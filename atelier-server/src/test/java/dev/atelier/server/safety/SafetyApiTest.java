package dev.atelier.server.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.moderations.ModerationCreateParams;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.SafetyConfig;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard safeguards on a real server, through the official OpenAI SDK and raw HTTP in Azure's shapes. */
class SafetyApiTest {
    private static final String HARMFUL = "a man stabbing another man with a knife, blood everywhere";

    @TempDir
    static Path dir;
    static TestServer s;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), StandardSafety.setup(SafetyConfig.defaults(),
                dir.resolve("data"), new PipelineOptions(PipelineOptions.defaults().provider(), 1, 1)));
        client = OpenAIOkHttpClient.builder().apiKey(s.key).baseUrl(s.server.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String body(String prompt) {
        return "{" + TestServer.SMALL + ", \"prompt\": " + TestServer.JSON.valueToTree(prompt) + "}";
    }

    @Test
    void theOfficialSdkGetsModerationBlockedNamingTheCategory() {
        var params = ImageGenerateParams.builder().model(ImageModel.of("tiny-sd")).prompt(HARMFUL).build();
        assertThatThrownBy(() -> client.images().generate(params)).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.code()).contains("moderation_blocked");
            assertThat(e.getMessage()).contains("violence");
        });
    }

    @Test
    void anAzureRequestForAHarmfulPromptGetsContentPolicyViolationWithItsFilterResults() throws Exception {
        var r = s.post("/openai/deployments/tiny-sd/images/generations?api-version=2024-02-01", body(HARMFUL));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = TestServer.json(r).path("error");
        assertThat(err.path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(err.path("inner_error").path("code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        JsonNode results = err.path("inner_error").path("content_filter_results");
        assertThat(results.path("violence").path("filtered").asBoolean()).isTrue();
        assertThat(results.path("violence").path("severity").asText()).isIn("medium", "high");
        assertThat(results.path("hate").path("filtered").asBoolean()).isFalse();
        assertThat(results.path("hate").path("severity").asText()).isEqualTo("safe");
        assertThat(results.path("custom_blocklists").path("filtered").asBoolean()).isFalse();
    }

    @Test
    void anAzureImageCarriesItsPromptAndImageFilterResults() throws Exception {
        var r = s.post("/openai/deployments/tiny-sd/images/generations?api-version=2024-02-01", body("a knife on a cutting board"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = TestServer.json(r).path("data").get(0);
        for (String c : new String[] {"hate", "sexual", "violence", "self_harm"}) {
            assertThat(d.path("prompt_filter_results").path(c).path("filtered").asBoolean()).as(c).isFalse();
            assertThat(d.path("prompt_filter_results").path(c).path("severity").asText()).as(c).isIn("safe", "low");
        }
        assertThat(d.path("content_filter_results").path("sexual").path("filtered").asBoolean()).isFalse();
        assertThat(d.path("content_filter_results").path("sexual").path("severity").asText()).isEqualTo("safe");
    }

    @Test
    void moderationLowIsHonouredForAPreviewKeyButNotForAFreeOne() throws Exception {
        String medium = "a soldier shooting a rifle at enemies in a war battle";
        var auto = s.post("/v1/images/generations", body(medium));
        String lowBody = "{" + TestServer.SMALL + ", \"moderation\": \"low\", \"prompt\": \"" + medium + "\"}";
        var low = s.post("/v1/images/generations", lowBody);
        String free = s.server.keys().create("free", dev.atelier.server.keys.Tier.FREE, 10, 100, false).secret();
        var lowFree = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/generations"))).header("Authorization", "Bearer " + free)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(lowBody)));
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(400);
        assertThat(low.statusCode()).as(low.body()).isEqualTo(200);
        assertThat(lowFree.statusCode()).as(lowFree.body()).isEqualTo(400);
    }

    @Test
    void theModerationsEndpointAnswersTheOfficialSdk() {
        var res = client.moderations().create(ModerationCreateParams.builder().input(HARMFUL).build());
        var r = res.results().getFirst();
        assertThat(r.flagged()).isTrue();
        assertThat(r.categories().violence()).isTrue();
        assertThat(r.categories().sexual()).isFalse();
        assertThat(r.categoryScores().violence()).isGreaterThan(0.5);
        var benign = client.moderations().create(ModerationCreateParams.builder().input("kill the lights and shoot a portrait").build());
        assertThat(benign.results().getFirst().flagged()).isFalse();
    }

    @Test
    void aBlocklistedTermIsRefusedAtOnceAndAllowedAgainWhenRemoved() throws Exception {
        String admin = s.server.keys().create("ops", dev.atelier.server.keys.Tier.PARTNER, 10, 100, true).secret();
        var add = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/admin/blocklist"))).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"term\": \"project zebra\"}")));
        assertThat(add.statusCode()).as(add.body()).isEqualTo(201);
        var refused = s.post("/v1/images/generations", body("a poster for Project Z3bra"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(refused).path("error").path("message").asText()).contains("blocklist").doesNotContain("zebra");
        var byPlainKey = s.post("/v1/admin/blocklist", "{\"term\": \"other\"}");
        assertThat(byPlainKey.statusCode()).isEqualTo(403);
        String id = TestServer.json(add).path("id").asText();
        var del = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/admin/blocklist/" + id))).header("Authorization", "Bearer " + admin).DELETE());
        assertThat(del.statusCode()).isEqualTo(200);
        assertThat(s.post("/v1/images/generations", body("a poster for Project Z3bra")).statusCode()).isEqualTo(200);
    }

    @Test
    void aTermAddedByAnotherProcessOnTheSameDatabaseAppliesWithinSeconds() throws Exception {
        String prompt = "a banner for operation blue heron";
        assertThat(s.post("/v1/images/generations", body(prompt)).statusCode()).isEqualTo(200);
        // as `atelier blocklist add` would, from its own connection to the database
        try (var db = dev.atelier.server.store.Database.open(s.config.jdbcUrl())) {
            new dev.atelier.server.store.BlocklistStore(db, StandardSafety.BLOCKLIST_MATCHER).add("operation blue heron", "cli");
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        int status;
        do {
            Thread.sleep(200);
            status = s.post("/v1/images/generations", body(prompt)).statusCode();
        } while (status != 400 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(400);
    }

    @Test
    void aRefusalIsCountedAndAuditedWithoutThePrompt() throws Exception {
        s.post("/v1/images/generations", body(HARMFUL + " audit"));
        var audit = s.server.backend().database().withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM moderation_audit"); var rs = st.executeQuery()) {
                var sb = new StringBuilder();
                while (rs.next()) sb.append(rs.getString("categories")).append('|').append(rs.getString("prompt_sha256")).append('\n');
                return sb.toString();
            }
        });
        assertThat(audit).contains("violence").doesNotContain("knife");
        var metrics = s.send(HttpRequest.newBuilder(URI.create(s.url("/metrics"))).GET());
        assertThat(metrics.body()).containsPattern("atelier_prompts_blocked_total\\{category=\"violence\"\\} [1-9]");
    }

    @Test
    void aGeneratedImageVerifiesAndATamperedOneDoesNot() throws Exception {
        // the shipped default model: the watermark is measured on what real models draw (the tiny fixture's noise-like
        // pictures hide it: a limit stated in docs/watermark.md)
        TestServer.install(s.config, "atelier-image-2");
        var r = s.post("/v1/images/generations", "{\"model\": \"atelier-image-2\", \"prompt\": \"a red apple\", \"seed\": 3}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] png = Base64.getDecoder().decode(TestServer.json(r).path("data").get(0).path("b64_json").asText());
        JsonNode ok = TestServer.json(s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/verify")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png))));
        assertThat(ok.path("content_credentials").path("status").asText()).isEqualTo("valid");
        assertThat(ok.path("content_credentials").path("model").asText()).isEqualTo("atelier-image-2");
        assertThat(ok.path("watermark").path("present").asBoolean()).as(ok.toString()).isTrue();
        // change the embedded prompt (the file still decodes; the data hash covers it)
        byte[] tampered = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).replace("a red apple", "a red pear!")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(tampered).isNotEqualTo(png);
        var bad = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/verify"))).header("Authorization", "Bearer " + s.key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"image\": \"" + Base64.getEncoder().encodeToString(tampered) + "\"}")));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(bad).path("content_credentials").path("status").asText()).isEqualTo("invalid");
        var notImage = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/verify"))).header("Authorization", "Bearer " + s.key)
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(notImage.statusCode()).isEqualTo(400);
    }

    @Test
    void aGeneratedWebpCarriesContentCredentialsThatVerifyAsAnImageWebpBody() throws Exception {
        var r = s.post("/v1/images/generations", "{" + TestServer.SMALL + ", \"prompt\": \"a red apple\", \"output_format\": \"webp\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] webp = Base64.getDecoder().decode(TestServer.json(r).path("data").get(0).path("b64_json").asText());
        assertThat(new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");

        JsonNode ok = TestServer.json(s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/verify")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "image/webp").POST(HttpRequest.BodyPublishers.ofByteArray(webp))));

        assertThat(ok.path("content_credentials").path("status").asText()).as(ok.toString()).isEqualTo("valid");
        assertThat(ok.path("content_credentials").path("model").asText()).isEqualTo("tiny-sd");
    }
}
