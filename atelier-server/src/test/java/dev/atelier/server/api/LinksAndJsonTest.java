package dev.atelier.server.api;

import dev.atelier.server.http.HttpOptions;
import dev.atelier.server.http.RawHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minted links never follow the Host header; request JSON is strict; HTTP/2 (h2c) works. */
class LinksAndJsonTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String urlFor(String extraHeaders) throws Exception {
        String req = "POST /v1/images/generations HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + s.key + "\r\n"
                + extraHeaders;
        String body = "{\"prompt\": \"a link\", \"response_format\": \"url\", " + TestServer.SMALL + "}";
        var r = RawHttp.send(s.server.port(), (req + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), 60_000);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("data").get(0).path("url").asText();
    }

    @Test
    void theHostHeaderDoesNotDecideLinks() throws Exception {
        assertThat(urlFor("")).startsWith(s.server.baseUrl() + "/v1/images/files/").doesNotContain("evil");
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        assertThat(urlFor("X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n")).startsWith(s.server.baseUrl());
    }

    @Test
    void forwardedHeadersFromATrustedProxyAndThePublicUrlAreUsed() throws Exception {
        s.close();
        s = s.restart(c -> c.withHttp(c.http().withTrustedProxies(List.of("127.0.0.1"))));
        assertThat(urlFor("X-Forwarded-Proto: https\r\nX-Forwarded-Host: images.example.com\r\n"))
                .startsWith("https://images.example.com/v1/images/files/");
        s.close();
        s = s.restart(c -> c.withUrls(c.urlTtl(), "https://atelier.example.org/"));
        assertThat(urlFor("X-Forwarded-Host: other.example\r\n")).startsWith("https://atelier.example.org/v1/images/files/");
        s.close();
        s = s.restart(c -> c.withUrls(c.urlTtl(), null).withHttp(dev.atelier.server.http.HttpOptions.defaults()));
    }

    static JsonNode badRequest(String body) throws Exception {
        HttpResponse<String> r = s.post("/v1/images/generations", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return TestServer.json(r).path("error");
    }

    @Test
    void textAfterTheJsonValueIs400() throws Exception {
        assertThat(badRequest("{\"prompt\": \"x\"} {\"prompt\": \"y\"}").path("message").asText()).contains("after the JSON value").doesNotContain("com.fasterxml");
    }

    @Test
    void aDuplicateKeyIs400NamingIt() throws Exception {
        assertThat(badRequest("{\"prompt\": \"x\", \"prompt\": \"y\"}").path("message").asText()).contains("Duplicate").contains("prompt");
    }

    @Test
    void aNulInAStringIs400NamingTheField() throws Exception {
        assertThat(badRequest("{\"prompt\": \"a\\u0000b\"}").path("param").asText()).isEqualTo("prompt");
        assertThat(badRequest("{\"prompt\": \"a\", \"negative_prompt\": \"\\u0000\"}").path("param").asText()).isEqualTo("negative_prompt");
    }

    @Test
    void http2ByUpgradeWorks() throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        var r = client.send(HttpRequest.newBuilder(URI.create(s.url("/healthz"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
}
