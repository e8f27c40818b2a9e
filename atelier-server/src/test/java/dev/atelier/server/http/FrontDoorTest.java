package dev.atelier.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed HTTP gets a 4xx in OpenAI's error shape (or a clean close), never HTML, exception names or a hang. */
class FrontDoorTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100))
                .withBodyLimit(4096).withHttp(c.http().withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(30))));
        port = s.server.port();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** Asserts a 4xx whose body is OpenAI's error object, with nothing of the server's insides in it. */
    static JsonNode openAiError(RawHttp.Reply r, int status) throws Exception {
        assertThat(r.status()).as(r.head() + r.body()).isEqualTo(status);
        assertThat(r.head().toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        JsonNode e = r.json().path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(r.body()).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("<html").doesNotContain("java.");
        return e;
    }

    static String post(String path, String extraHeaders, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + s.key + "\r\n" + extraHeaders + "\r\n" + body;
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @ValueSource(strings = {"abc", "-5", "99999999999999999999999", "1, 2", "0x10"})
    void badContentLengthIs400(String length) throws Exception {
        openAiError(RawHttp.send(port, post("/v1/images/generations", "Content-Length: " + length + "\r\n", "{}")), 400);
    }

    @Test
    void hugeContentLengthIs413() throws Exception {
        var r = RawHttp.send(port, post("/v1/images/generations", "Content-Length: 900000000\r\n", "{}"));
        assertThat(openAiError(r, 413).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void contentLengthWithTransferEncodingIs400() throws Exception {
        openAiError(RawHttp.send(port, post("/v1/images/generations",
                "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")), 400);
    }

    @ParameterizedTest(name = "request line {0}")
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /healthz\r\n\r\n", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"})
    void badRequestLineIs4xxOrAClose(String request) throws Exception {
        var r = RawHttp.send(port, request);
        if (!r.closed()) {
            assertThat(r.status()).isBetween(400, 505);
            assertThat(r.status()).isNotEqualTo(500);
            if (r.status() < 500) openAiError(r, r.status());
        }
    }

    @Test
    void unknownMethodIs405OnAKnownPathAnd404Elsewhere() throws Exception {
        openAiError(RawHttp.send(port, "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
        openAiError(RawHttp.send(port, "BREW /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"), 404);
    }

    @Test
    void invalidPercentEscapesAre400() throws Exception {
        openAiError(RawHttp.send(port, "GET /v1/models/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.key + "\r\n\r\n"), 400);
        openAiError(RawHttp.send(port, "GET /v1/images/files/x.png?expires=%G1&sig=1 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        openAiError(RawHttp.send(port, "GET /studio/api/gallery?q=%e HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void headerWithoutColonIs400() throws Exception {
        openAiError(RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"), 400);
    }

    @Test
    void malformedChunkIs400() throws Exception {
        openAiError(RawHttp.send(port, post("/v1/images/generations", "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")), 400);
    }

    @Test
    void oversizedHeadersAre4xx() throws Exception {
        var r = RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
        assertThat(r.status()).isBetween(400, 499);
        openAiError(r, r.status());
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        String chunk = Integer.toHexString(3000) + "\r\n" + "a".repeat(3000) + "\r\n";
        var r = RawHttp.send(port, post("/v1/images/generations", "Transfer-Encoding: chunked\r\n", chunk + chunk + "0\r\n\r\n"));
        assertThat(openAiError(r, 413).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void nonUtf8BodyIs400() throws Exception {
        byte[] head = post("/v1/images/generations", "Content-Type: application/json\r\nContent-Length: 17\r\n", "")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, 'x', '"', '}', ' '};
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        openAiError(RawHttp.send(port, all, 10_000), 400);
    }

    @Test
    void slowHeadersAreCutOffAfterTheHeaderTimeout() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                var sock = new Socket("127.0.0.1", port);
                sock.setSoTimeout(10_000);
                sock.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(sock);
            }
            long t0 = System.nanoTime();
            for (int step = 0; step < 3; step++) {
                Thread.sleep(300);
                for (Socket sock : slow) {
                    try {
                        sock.getOutputStream().write(("X-Slow-" + step + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        // already cut off
                    }
                }
            }
            for (Socket sock : slow) {
                var r = RawHttp.read(sock.getInputStream());
                if (!r.closed()) assertThat(openAiError(r, 408).path("code").asText()).isEqualTo("request_timeout");
                assertThat(sock.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            // the server still answers others
            assertThat(RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        } finally {
            for (Socket sock : slow) sock.close();
        }
    }

    @Test
    void aStalledBodyIsCutOffAfterTheBodyTimeout() throws Exception {
        try (var sock = new Socket("127.0.0.1", port)) {
            sock.setSoTimeout(10_000);
            sock.getOutputStream().write(post("/v1/images/generations", "Content-Length: 100\r\n", "{\"prompt\":")
                    .getBytes(StandardCharsets.US_ASCII));
            var r = RawHttp.read(sock.getInputStream());
            if (!r.closed()) assertThat(r.status()).isBetween(400, 499);
        }
    }
}
