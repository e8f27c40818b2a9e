package dev.atelier.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.AtelierServer;
import dev.atelier.server.ServerConfig;
import dev.atelier.server.StudioOptions;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.service.StudioLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A server with the studio and an arena of three tiny-model contestants (different steps, scheduler, guidance),
 * and browser-like clients that keep their own session cookie.
 */
public final class WebTestServer implements AutoCloseable {
    public final AtelierServer server;

    private WebTestServer(AtelierServer server) {
        this.server = server;
    }

    public static WebTestServer start(Path dir, int votesPerMinute) throws IOException {
        return start(dir, votesPerMinute, c -> c, StudioLimits.defaults());
    }

    /** A server with {@code tweak} applied to the test configuration and the studio's budget set to {@code limits}. */
    public static WebTestServer start(Path dir, int votesPerMinute, UnaryOperator<ServerConfig> tweak, StudioLimits limits)
            throws IOException {
        return start(dir, votesPerMinute, tweak, limits, dev.atelier.server.safety.SafeguardSetup.none());
    }

    /** As above, with the safeguards {@code safety} opens. */
    public static WebTestServer start(Path dir, int votesPerMinute, UnaryOperator<ServerConfig> tweak, StudioLimits limits,
                                      dev.atelier.server.safety.SafeguardSetup safety) throws IOException {
        return start(dir, """
                contestants:
                  - {name: tiny-2-steps, model: tiny-sd, size: 64x64, steps: 2}
                  - {name: tiny-3-euler, model: tiny-sd, size: 64x64, steps: 3, scheduler: euler}
                  - {name: tiny-4-guidance-3, model: tiny-sd, size: 64x64, steps: 4, guidance: 3}
                prompts: ["a red apple", "a green frog"]
                votes_per_minute: %d
                """.formatted(votesPerMinute), tweak, limits, safety);
    }

    /** A server whose arena is {@code arenaYaml}. */
    public static WebTestServer start(Path dir, String arenaYaml, UnaryOperator<ServerConfig> tweak, StudioLimits limits,
                                      dev.atelier.server.safety.SafeguardSetup safety) throws IOException {
        Path arena = dir.resolve("arena.yaml");
        Files.writeString(arena, arenaYaml);
        var config = tweak.apply(TestServer.config(dir, TestDatabases.fresh("sqlite", dir)));
        return new WebTestServer(AtelierServer.start(config, StudioOptions.defaults().withArenaFile(arena).withLimits(limits), safety));
    }

    public String url(String path) {
        return server.baseUrl() + path;
    }

    public Client client() {
        return new Client();
    }

    /** A user agent with its own cookies. */
    public final class Client {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private volatile String cookie;

        private <T> HttpResponse<T> exchange(HttpRequest.Builder b, HttpResponse.BodyHandler<T> h) throws IOException, InterruptedException {
            if (cookie != null) b.header("Cookie", cookie);
            HttpResponse<T> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), h);
            r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return r;
        }

        /** This client's user id, from its session cookie ({@code u_...}), or null before the first response. */
        public String userId() {
            return cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.'));
        }

        /** The session cookie's value, or null before the first response. */
        public String cookieValue() {
            return cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1);
        }

        /** Fetches both images of a ready battle, as the page does before a vote can be cast. */
        public void look(JsonNode battle) throws IOException, InterruptedException {
            for (String side : new String[] {"a", "b"}) {
                var r = bytes(battle.path("images").path(side).asText());
                if (r.statusCode() != 200) throw new AssertionError("image " + side + ": " + r.statusCode());
            }
        }

        public HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return exchange(HttpRequest.newBuilder(URI.create(url(path))).GET(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
            return exchange(HttpRequest.newBuilder(URI.create(url(path))).GET(), HttpResponse.BodyHandlers.ofByteArray());
        }

        public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
            return exchange(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
            return exchange(HttpRequest.newBuilder(URI.create(url(path))).DELETE(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
            return exchange(b, HttpResponse.BodyHandlers.ofString());
        }

        /** Polls a studio job until it ends. */
        public JsonNode awaitJob(String id) throws Exception {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                JsonNode j = TestServer.json(get("/studio/api/jobs/" + id));
                String s = j.path("status").asText();
                if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) return j;
                if (System.nanoTime() > end) throw new AssertionError("job " + id + " still " + s);
                Thread.sleep(30);
            }
        }

        /** Polls a battle until it is no longer generating. */
        public JsonNode awaitBattle(String id) throws Exception {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                JsonNode b = TestServer.json(get("/arena/api/battles/" + id));
                if (!b.path("status").asText().equals("generating")) return b;
                if (System.nanoTime() > end) throw new AssertionError("battle " + id + " still generating");
                Thread.sleep(30);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
