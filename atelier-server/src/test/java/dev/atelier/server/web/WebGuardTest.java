package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import dev.atelier.server.service.StudioLimits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A studio served at an https public URL: Secure cookies, and only that origin may write. */
class WebGuardTest {
    static final String PUBLIC = "https://studio.example";
    @TempDir
    static Path dir;
    static WebTestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = WebTestServer.start(dir, 20, c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100))
                .withUrls(Duration.ofMinutes(60), PUBLIC + "/"), StudioLimits.defaults());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    HttpResponse<String> post(String origin) throws Exception {
        return s.client().send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs"))).header("Content-Type", "application/json")
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\", " + TestServer.SMALL + "}")));
    }

    @Test
    void theSessionCookieIsSecureWhenThePublicUrlIsHttps() throws Exception {
        assertThat(s.client().get("/").headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
    }

    @Test
    void onlyThePublicOriginMayWrite() throws Exception {
        assertThat(post(PUBLIC).statusCode()).isEqualTo(202);
        assertThat(post("https://STUDIO.example:443").statusCode()).isEqualTo(202);
        for (String other : new String[] {"http://studio.example", "https://studio.example:8443", "https://evil.example",
                "http://127.0.0.1:" + s.server.port()}) {
            var r = post(other);
            assertThat(r.statusCode()).as(other).isEqualTo(403);
            assertThat(r.body()).contains("cross_site").contains(other);
        }
    }

    @Test
    void jsonMeansApplicationJsonWithAtMostAUtf8Charset() {
        assertThat(WebGuard.isJson("application/json")).isTrue();
        assertThat(WebGuard.isJson(" application/json ; charset=\"UTF-8\"")).isTrue();
        assertThat(WebGuard.isJson(null)).isFalse();
        assertThat(WebGuard.isJson("application/json;")).isFalse();
        assertThat(WebGuard.isJson("application/json-patch")).isFalse();
        assertThat(WebGuard.isJson("application/ld+json")).isFalse();
        assertThat(WebGuard.isJson("text/plain; application/json")).isFalse();
    }
}
