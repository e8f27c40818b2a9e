package dev.atelier.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of every route: protocol garbage on raw sockets and well-formed HTTP with bad bodies, headers and
 * parameters. Each gets a 4xx with OpenAI's error object (or a clean close where HTTP leaves no choice), never a
 * 5xx or a hang; afterwards the server is healthy and still generates.
 */
class FuzzTest {
    static final long SEED = 20_261_203L;
    static final String[] ROUTES = {
            "POST /v1/images/generations", "POST /openai/deployments/tiny-sd/images/generations?api-version=2024-10-21",
            "POST /v1/images/jobs", "GET /v1/images/jobs/job_x", "DELETE /v1/images/jobs/job_x", "GET /v1/images/jobs/job_x/events",
            "GET /v1/images/files/img_0.png?expires=1&sig=x", "GET /v1/models", "GET /v1/models/nope", "GET /studio/api/session",
            "POST /studio/api/jobs", "GET /studio/api/jobs/job_x", "GET /studio/api/jobs/job_x/events", "GET /studio/api/gallery?page=x",
            "GET /studio/api/images/img_x", "POST /studio/api/images/img_x/feedback", "GET /studio/files/x.png", "GET /static/x.js",
            "GET /arena/api/prompts", "POST /arena/api/battles", "GET /arena/api/battles/b_x", "POST /arena/api/battles/b_x/vote",
            "GET /arena/images/b_x/a.png", "GET /nowhere"};
    static final String[] BODIES = {"", "{", "[1]", "null", "{\"prompt\": 5}", "{\"prompt\": \"x\"} tail", "{\"a\":1,\"a\":2}",
            "{\"prompt\": \"\\u0000\"}", "{\"prompt\": \"x\", \"n\": 1e999}", "{\"prompt\": \"x\", \"size\": \"0x0\"}",
            "{\"vote\": {\"x\": []}}", "{\"prompt\": \"x\", \"steps\": -1, \"model\": \"../../etc/passwd\"}", "\"just a string\"",
            "{\"prompt\": \"" + "z".repeat(5000) + "\"}", "{\"prompt\": [\"x\"]}", "{\"report\": {\"reason\": 7}}"};

    @TempDir
    static Path dir;
    static TestServer s;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100))
                .withBodyLimit(8192).withHttp(c.http().withTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(30))));
        port = s.server.port();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static List<byte[]> protocolGarbage(Random r) {
        var out = new ArrayList<byte[]>();
        String[] templates = {
                "%M %P HTTP/1.1\r\nHost: x\r\nContent-Length: -%N\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\nContent-Length: %N%N%N%N%N%N%N%N%N%N%N\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%G\r\nab\r\n0\r\n\r\n",
                "%M %P%%%G HTTP/1.1\r\nHost: x\r\n\r\n",
                "%M %P?x=%%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\n%G\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\nX-Big: %BIG\r\n\r\n",
                "%M %P HTTP/7.3\r\nHost: x\r\n\r\n",
                "%G %G %G\r\n\r\n",
                "%M%P HTTP/1.1\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: [::1\r\n\r\n",
                "%M %P HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab",
        };
        for (int i = 0; i < 120; i++) {
            String[] route = ROUTES[r.nextInt(ROUTES.length)].split(" ");
            String t = templates[i % templates.length];
            String req = t.replace("%M", r.nextInt(5) == 0 ? "FUZZ" : route[0]).replace("%P", route[1])
                    .replace("%N", Integer.toString(r.nextInt(10))).replace("%BIG", "b".repeat(20_000 + r.nextInt(20_000)))
                    .replace("%G", garbage(r));
            out.add(req.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    static String garbage(Random r) {
        var b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            char c = (char) (33 + r.nextInt(94));
            if (c != ':' ) b.append(c);
        }
        return b.isEmpty() ? "q" : b.toString();
    }

    static List<byte[]> badApiRequests(Random r) {
        var out = new ArrayList<byte[]>();
        for (String route : ROUTES) {
            for (int k = 0; k < 5; k++) {
                String[] mp = route.split(" ");
                String body = BODIES[r.nextInt(BODIES.length)];
                String auth = switch (r.nextInt(3)) {
                    case 0 -> "Authorization: Bearer " + s.key + "\r\n";
                    case 1 -> "Authorization: Bearer sk-atelier-wrong\r\n";
                    default -> "";
                };
                String type = r.nextBoolean() ? "Content-Type: application/json\r\n" : "Content-Type: text/plain\r\n";
                String origin = r.nextInt(4) == 0 ? "Origin: http://evil.example\r\n" : "";
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                if (r.nextInt(6) == 0) b = new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
                String head = mp[0] + " " + mp[1] + " HTTP/1.1\r\nHost: localhost\r\n" + auth + type + origin
                        + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
                byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = new byte[h.length + b.length];
                System.arraycopy(h, 0, all, 0, h.length);
                System.arraycopy(b, 0, all, h.length, b.length);
                out.add(all);
            }
        }
        return out;
    }

    static void everyMalformedRequestGetsA4xxJsonErrorOrACleanClose() throws Exception {
        Random r = new Random(SEED);
        List<byte[]> garbage = protocolGarbage(r);
        List<byte[]> bad = badApiRequests(r);
        assertThat(garbage.size() + bad.size()).isGreaterThanOrEqualTo(200);
        int errors = 0;
        for (byte[] req : garbage) errors += check(req, true);
        // a bad body on a GET route that reads none is not an error: those may be answered 2xx, never 5xx
        for (byte[] req : bad) errors += check(req, false);
        assertThat(errors).as("4xx answers").isGreaterThanOrEqualTo(200);
        assertThat(s.bytes(s.url("/healthz")).statusCode()).isEqualTo(200);
    }

    /** 1 if the reply was a 4xx in OpenAI's error shape; fails on a 5xx, a hang, HTML or (when {@code mustFail}) a 2xx. */
    static int check(byte[] req, boolean mustFail) throws Exception {
        String shown = new String(req, 0, Math.min(req.length, 120), StandardCharsets.ISO_8859_1);
        RawHttp.Reply reply;
        try {
            reply = RawHttp.send(port, req, 10_000);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no answer within 10 s to " + shown, e);
        }
        if (reply.closed()) return 0;
        assertThat(reply.status()).as(shown + " -> " + reply.head() + reply.body()).isLessThan(500);
        if (mustFail) assertThat(reply.status()).as(shown + " -> " + reply.head()).isGreaterThanOrEqualTo(400);
        if (reply.status() < 400) return 0;
        assertThat(reply.head().toLowerCase(java.util.Locale.ROOT)).as(shown).contains("content-type: application/json");
        var e = reply.json().path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(shown + " -> " + reply.body()).isTrue();
        assertThat(reply.body()).as(shown).doesNotContain("Exception").doesNotContain("<html");
        return 1;
    }

    @Test
    void malformedRequestsGet4xxJsonErrorsAndTheServerStillGeneratesAfterwards() throws Exception {
        everyMalformedRequestGetsA4xxJsonErrorOrACleanClose();
        try (var live = s.restart(c -> c.withWorkers(new WorkerOptions(1, 1_500, 8, 3, 100)))) {
            // same database and data; the fuzzed server's state is what the restart reads
            var r = live.post("/v1/images/generations", "{\"prompt\": \"after the storm\", " + TestServer.SMALL + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }
}
