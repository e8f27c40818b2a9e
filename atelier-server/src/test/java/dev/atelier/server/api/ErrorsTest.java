package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every client error is a 4xx in OpenAI's error shape, naming the parameter at fault. */
class ErrorsTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        // no workers: nothing runs, so the queue fills and quotas are easy to reach
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir),
                c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100)).withQueue(3).withBodyLimit(4096));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode e = TestServer.json(r).path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(r.body()).isTrue();
        return e;
    }

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"prompt\": \"x\", \"colour\": \"red\"}                    | colour",
            "{\"n\": 1}                                                  | prompt",
            "{\"prompt\": \"   \"}                                       | prompt",
            "{\"prompt\": 5}                                             | prompt",
            "{\"prompt\": \"x\", \"n\": 11}                              | n",
            "{\"prompt\": \"x\", \"n\": \"2\"}                           | n",
            "{\"prompt\": \"x\", \"size\": \"60x64\"}                    | size",
            "{\"prompt\": \"x\", \"size\": \"big\"}                      | size",
            "{\"prompt\": \"x\", \"size\": \"4096x4096\"}                | size",
            "{\"prompt\": \"x\", \"quality\": \"ultra\"}                 | quality",
            "{\"prompt\": \"x\", \"response_format\": \"file\"}          | response_format",
            "{\"prompt\": \"x\", \"output_format\": \"gif\"}             | output_format",
            "{\"prompt\": \"x\", \"output_compression\": 101}            | output_compression",
            "{\"prompt\": \"x\", \"steps\": 0}                           | steps",
            "{\"prompt\": \"x\", \"guidance_scale\": -1}                 | guidance_scale",
            "{\"prompt\": \"x\", \"scheduler\": \"magic\"}               | scheduler",
            "{\"prompt\": \"x\", \"seed\": -5}                           | seed",
            "{\"prompt\": \"x\", \"partial_images\": 2}                  | partial_images",
            "{\"prompt\": \"x\", \"stream\": \"yes\"}                    | stream",
            "{\"prompt\": \"x\", \"background\": \"transparent\"}        | background",
            "{\"prompt\": \"x\", \"background\": \"clear\"}              | background",
    })
    void invalidFieldsAre400sNamingTheParam(String body, String param) throws Exception {
        String b = body.replace("{", "{\"model\": \"tiny-sd\", ").replace("\"model\": \"tiny-sd\", }", "}");
        JsonNode e = error(s.post("/v1/images/generations", b), 400);
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.path("param").asText()).isEqualTo(param);
        assertThat(e.path("message").asText()).isNotBlank();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        error(s.post("/v1/images/generations", "{\"prompt\": "), 400);
        error(s.post("/v1/images/generations", "[1, 2]"), 400);
        error(s.post("/v1/images/generations", ""), 400);
    }

    @Test
    void unknownModelIs404NamingTheModel() throws Exception {
        JsonNode e = error(s.post("/v1/images/generations", "{\"prompt\": \"x\", \"model\": \"../../etc\"}"), 404);
        assertThat(e.path("param").asText()).isEqualTo("model");
        assertThat(e.path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void missingWrongAndRevokedKeysAre401() throws Exception {
        var none = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/models"))).GET());
        assertThat(error(none, 401).path("code").asText()).isEqualTo("invalid_api_key");
        var wrong = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/models"))).header("Authorization", "Bearer sk-atelier-nope").GET());
        error(wrong, 401);
        var created = s.server.keys().create("revoked", 10, 10);
        s.server.keys().revoke(created.key().id());
        var revoked = s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/models"))).header("Authorization", "Bearer " + created.secret()).GET());
        error(revoked, 401);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        error(s.get("/v1/nothing"), 404);
        error(s.get("/v1/images/generations"), 405);
        error(s.get("/v1/images/jobs/job_doesnotexist"), 404);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "{\"prompt\": \"" + "a".repeat(10_000) + "\"}";
        assertThat(error(s.post("/v1/images/generations", big), 413).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void overThePerMinuteImageRateIs429WithRetryAfter() throws Exception {
        var k = s.server.keys().create("slow", 2, 1000);
        var ok = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", \"n\": 2, " + TestServer.SMALL + "}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        var limited = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", " + TestServer.SMALL + "}");
        assertThat(error(limited, 429).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        s.server.keys().revoke(k.key().id());
        cancelAll(k.secret());
    }

    @Test
    void nAboveTheKeysImagesPerMinuteIsA400NotA429ThatWouldNeverClear() throws Exception {
        var k = s.server.keys().create("three-a-minute", 3, 1000);
        var r = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", \"n\": 4, " + TestServer.SMALL + "}");
        JsonNode e = error(r, 400);
        assertThat(e.path("param").asText()).isEqualTo("n");
        assertThat(e.path("message").asText()).contains("n = 4").contains("3 images per minute");
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        var fits = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", \"n\": 3, " + TestServer.SMALL + "}");
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
        cancelAll(k.secret());
    }

    @Test
    void nAboveTheKeysDailyQuotaIsA400() throws Exception {
        var k = s.server.keys().create("two-a-day", 100, 2);
        JsonNode e = error(postAs(k.secret(), "/v1/images/generations", "{\"prompt\": \"x\", \"n\": 3, " + TestServer.SMALL + "}"), 400);
        assertThat(e.path("param").asText()).isEqualTo("n");
        assertThat(e.path("message").asText()).contains("n = 3").contains("daily quota is 2");
    }

    @Test
    void overTheDailyQuotaIs429InsufficientQuota() throws Exception {
        var k = s.server.keys().create("tiny", 100, 1);
        var ok = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", " + TestServer.SMALL + "}");
        assertThat(ok.statusCode()).isEqualTo(202);
        var over = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"x\", " + TestServer.SMALL + "}");
        assertThat(error(over, 429).path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(over.headers().firstValue("Retry-After")).isPresent();
        cancelAll(k.secret());
    }

    @Test
    void fullQueueIs503WithRetryAfter() throws Exception {
        var k = s.server.keys().create("queue", 100, 100);
        var ids = new java.util.ArrayList<String>();
        HttpResponse<String> r;
        int accepted = 0;
        while ((r = postAs(k.secret(), "/v1/images/jobs", "{\"prompt\": \"q\", " + TestServer.SMALL + "}")).statusCode() == 202) {
            accepted++;
            ids.add(TestServer.json(r).path("id").asText());
            assertThat(accepted).isLessThanOrEqualTo(3);
        }
        assertThat(error(r, 503).path("code").asText()).isEqualTo("queue_full");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        cancelAll(k.secret());
    }

    private static HttpResponse<String> postAs(String secret, String path, String body) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.url(path))).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    // jobs of these tests never run (no workers); cancel them so the queue is free for the next test
    private static void cancelAll(String secret) throws Exception {
        s.server.backend().database().withConnection(c -> c.createStatement().executeUpdate(
                "UPDATE jobs SET state = 'cancelled' WHERE state = 'queued'"));
    }
}
