package dev.atelier.server.web;

import dev.atelier.engine.image.PngText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's calls over raw HTTP with a cookie-keeping client: sessions, jobs, progress, gallery, feedback, errors. */
class StudioWebTest {
    static final String SMALL = "\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 2";
    @TempDir
    static Path dir;
    static WebTestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = WebTestServer.start(dir, 20);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static JsonNode create(WebTestServer.Client c, String prompt) throws Exception {
        var r = c.post("/studio/api/jobs", "{\"prompt\": \"" + prompt + "\", " + SMALL + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return c.awaitJob(TestServer.json(r).path("id").asText());
    }

    @Test
    void aFirstVisitGetsASignedHttpOnlySessionCookieAndNoKey() throws Exception {
        var c = s.client();
        HttpResponse<String> page = c.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("atelier_session=u_").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(page.body()).doesNotContain("sk-atelier");
        JsonNode session = TestServer.json(c.get("/studio/api/session"));
        assertThat(session.toString()).doesNotContain("sk-atelier");
        assertThat(session.path("models").get(0).path("id").asText()).isEqualTo("tiny-sd");
        // the same client keeps its user; a forged cookie is replaced by a new anonymous user
        assertThat(TestServer.json(c.get("/studio/api/session")).path("user").asText()).isEqualTo(session.path("user").asText());
        var forged = s.client().send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/session")))
                .header("Cookie", "atelier_session=" + session.path("user").asText() + ".AAAA"));
        assertThat(TestServer.json(forged).path("user").asText()).isNotEqualTo(session.path("user").asText());
    }

    @Test
    void everyPageHasTheSameHeaderWithItsOwnSectionMarkedCurrent() throws Exception {
        var c = s.client();
        var sections = java.util.Map.of("/", "Create", "/gallery", "Gallery", "/edit", "Gallery", "/arena/leaderboard", "Leaderboard");
        for (var e : sections.entrySet()) {
            String page = c.get(e.getKey()).body();
            assertThat(page).as(e.getKey()).contains("<a class=\"skip\" href=\"#main\">Skip to content</a>")
                    .contains("<nav aria-label=\"Main\">").doesNotContain("data-nav").doesNotContain("<!-- header");
            assertThat(page.split("aria-current=\"page\"", -1)).as(e.getKey() + ": one current link").hasSize(2);
            assertThat(page).as(e.getKey()).containsPattern("aria-current=\"page\">" + e.getValue() + "</a>");
        }
        String missing = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/no-such-page")))
                .header("Accept", "text/html")).body();
        assertThat(missing).contains("<nav aria-label=\"Main\">").doesNotContain("aria-current").contains("Page not found");
    }

    @Test
    void aJobStreamsProgressAndPreviewsThenServesItsImages() throws Exception {
        var c = s.client();
        var r = c.post("/studio/api/jobs", "{\"prompt\": \"a slow red apple\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 12, \"n\": 2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).path("id").asText();
        String events = c.get("/studio/api/jobs/" + id + "/events").body();
        assertThat(events).contains("event: job.status").contains("event: job.succeeded");
        JsonNode job = c.awaitJob(id);
        assertThat(job.path("images")).hasSize(2);
        JsonNode im = job.path("images").get(0);
        var png = c.bytes(im.path("url").asText());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(PngText.read(png.body(), "parameters")).hasValueSatisfying(p -> assertThat(p).contains("a slow red apple"));
        assertThat(c.bytes(im.path("download_url").asText()).headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("attachment"));
        JsonNode page = TestServer.json(c.get("/studio/api/images/" + im.path("id").asText()));
        assertThat(page.path("png_parameters").asText()).contains("Seed: " + im.path("seed").asLong());
        assertThat(page.path("timings").path("run_ms").asLong()).isNotNegative();
        assertThat(page.path("steps").asInt()).isEqualTo(12);
    }

    @Test
    void galleryIsNewestFirstPagedSearchableAndPrivate() throws Exception {
        var c = s.client();
        for (int i = 0; i < 3; i++) create(c, "gallery apple " + i);
        create(c, "gallery pear");
        JsonNode all = TestServer.json(c.get("/studio/api/gallery"));
        assertThat(all.path("jobs").get(0).path("prompt").asText()).isEqualTo("gallery pear");
        assertThat(all.path("jobs")).hasSize(4);
        JsonNode apples = TestServer.json(c.get("/studio/api/gallery?q=APPLE"));
        assertThat(apples.path("jobs")).hasSize(3);
        assertThat(apples.path("jobs").get(0).path("prompt").asText()).isEqualTo("gallery apple 2");
        assertThat(TestServer.json(c.get("/studio/api/gallery?q=%25")).path("jobs")).isEmpty();
        assertThat(TestServer.json(c.get("/studio/api/gallery?page=1")).path("jobs")).isEmpty();
        assertThat(c.get("/studio/api/gallery?page=-1").statusCode()).isEqualTo(400);

        var stranger = s.client();
        assertThat(TestServer.json(stranger.get("/studio/api/gallery")).path("jobs")).isEmpty();
        String image = all.path("jobs").get(0).path("images").get(0).path("id").asText();
        assertThat(stranger.get("/studio/api/images/" + image).statusCode()).isEqualTo(404);
        assertThat(stranger.bytes("/studio/files/" + image + ".png").statusCode()).isEqualTo(404);
        assertThat(stranger.post("/studio/api/images/" + image + "/feedback", "{\"vote\": \"up\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void feedbackIsStoredWithTheImageAndShownBack() throws Exception {
        var c = s.client();
        String image = create(c, "feedback apple").path("images").get(0).path("id").asText();
        var up = c.post("/studio/api/images/" + image + "/feedback", "{\"vote\": \"up\"}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        var rep = c.post("/studio/api/images/" + image + "/feedback", "{\"report\": {\"reason\": \"wrong_prompt\", \"note\": \"no apple\"}}");
        assertThat(rep.statusCode()).as(rep.body()).isEqualTo(200);
        JsonNode page = TestServer.json(c.get("/studio/api/images/" + image));
        assertThat(page.path("feedback").path("vote").asInt()).isEqualTo(1);
        assertThat(page.path("feedback").path("report").path("reason").asText()).isEqualTo("wrong_prompt");
    }

    @Test
    void userErrorsAreClear4xx() throws Exception {
        var c = s.client();
        c.get("/");
        assertThat(c.post("/studio/api/jobs", "{\"prompt\": \"\"}").statusCode()).isEqualTo(400);
        var unknown = c.post("/studio/api/jobs", "{\"prompt\": \"x\", \"stream\": true}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown field 'stream'");
        assertThat(c.post("/studio/api/jobs", "{\"prompt\": \"x\", \"model\": \"nope\"}").statusCode()).isEqualTo(404);
        assertThat(c.post("/studio/api/jobs", "{\"prompt\": \"x\", " + SMALL.replace("64x64", "63x64") + "}").statusCode()).isEqualTo(400);
        var badSize = c.post("/studio/api/jobs", "{\"prompt\": \"x\", \"size\": \"large\"}");
        assertThat(badSize.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(badSize).path("error").path("param").asText()).isEqualTo("size");
        assertThat(c.post("/studio/api/jobs", "{\"prompt\": \"x\", \"quality\": \"hd\"}").body()).contains("Unknown field 'quality'");
        assertThat(c.post("/studio/api/jobs", "not json").statusCode()).isEqualTo(400);
        var form = c.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("prompt=x")));
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(form).path("error").path("code").asText()).isEqualTo("json_required");
        var crossSite = c.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs"))).header("Content-Type", "application/json")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\"}")));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(c.get("/studio/api/jobs/job_nope").statusCode()).isEqualTo(404);
        assertThat(c.get("/studio/api/images/img_nope").statusCode()).isEqualTo(404);
        assertThat(c.bytes("/studio/files/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
        assertThat(c.get("/static/../../pom.xml").statusCode()).isEqualTo(404);
        assertThat(c.post("/studio/api/images/img_x/feedback", "{\"vote\": \"sideways\"}").statusCode()).isEqualTo(400);
        assertThat(c.post("/studio/api/images/img_x/feedback", "{\"report\": {\"reason\": \"meh\"}}").body()).contains("offensive");
    }

    HttpResponse<String> write(WebTestServer.Client c, String origin, String type) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs"))).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"guarded\", " + SMALL + "}"));
        if (origin != null) b.header("Origin", origin);
        return c.send(b);
    }

    @Test
    void writesFromAnotherOriginOrNotExactlyJsonAre403NamingTheProblem() throws Exception {
        var c = s.client();
        c.get("/");
        String self = "http://127.0.0.1:" + s.server.port();
        assertThat(write(c, self, "application/json").statusCode()).isEqualTo(202);
        assertThat(write(c, self, "application/json; charset=utf-8").statusCode()).isEqualTo(202);
        assertThat(write(c, null, "Application/JSON;charset=UTF-8").statusCode()).isEqualTo(202);
        for (String origin : new String[] {"null", "https://127.0.0.1:" + s.server.port(), "http://127.0.0.1:1", "http://localhost:"
                + s.server.port(), "http://evil.example"}) {
            var r = write(c, origin, "application/json");
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            JsonNode e = TestServer.json(r).path("error");
            assertThat(e.path("code").asText()).isEqualTo("cross_site");
            assertThat(e.path("message").asText()).contains("Origin");
        }
        for (String type : new String[] {"text/plain", "application/json-patch+json", "application/jsonx", "application/json; charset=latin1",
                "application/json; charset=utf-8; boundary=x", "multipart/form-data; boundary=x"}) {
            var r = write(c, self, type);
            assertThat(r.statusCode()).as(type).isEqualTo(403);
            assertThat(TestServer.json(r).path("error").path("code").asText()).isEqualTo("json_required");
            assertThat(TestServer.json(r).path("error").path("message").asText()).contains(type);
        }
        var fetchMeta = c.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs"))).header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\"}")));
        assertThat(fetchMeta.statusCode()).isEqualTo(403);
        var vote = c.send(HttpRequest.newBuilder(URI.create(s.url("/arena/api/battles"))).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(vote.statusCode()).isEqualTo(403);
        var feedback = c.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/images/img_x/feedback"))).header("Content-Type", "application/json")
                .header("Origin", "null").POST(HttpRequest.BodyPublishers.ofString("{\"vote\": \"up\"}")));
        assertThat(feedback.statusCode()).isEqualTo(403);
    }

    @Test
    void aUserCancelsTheirRunningJob() throws Exception {
        var c = s.client();
        var r = c.post("/studio/api/jobs", "{\"prompt\": \"a long apple\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 100}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).path("id").asText();
        long end = System.nanoTime() + 60_000_000_000L;
        while (TestServer.json(c.get("/studio/api/jobs/" + id)).path("progress").path("step").asInt() == 0) {
            assertThat(System.nanoTime()).as("job never ran").isLessThan(end);
            Thread.sleep(20);
        }
        var cancel = c.delete("/studio/api/jobs/" + id);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(c.awaitJob(id).path("status").asText()).isEqualTo("cancelled");
    }
}
