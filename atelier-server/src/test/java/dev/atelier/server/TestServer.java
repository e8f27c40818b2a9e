package dev.atelier.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.jobs.WorkerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A server on a real socket with the tiny SD fixture installed as {@code tiny-sd}, and a raw HTTP client for it. */
public final class TestServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** A request body that is quick on the tiny model. */
    public static final String SMALL = "\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 2";

    public final AtelierServer server;
    public final String key;
    public final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(ServerConfig config, String key) {
        this(config, key, dev.atelier.server.safety.SafeguardSetup.none());
    }

    private TestServer(ServerConfig config, String key, dev.atelier.server.safety.SafeguardSetup safety) {
        this.config = config;
        this.server = AtelierServer.start(config, StudioOptions.defaults(), safety);
        this.key = key != null ? key : server.keys().create("test", 1000, 100_000).secret();
    }

    /** Config for a server in {@code dir} on database {@code jdbcUrl}: one worker, short leases, quick shutdown. */
    public static ServerConfig config(Path dir, String jdbcUrl) throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path link = models.resolve("tiny-sd");
        if (!Files.exists(link)) Files.createSymbolicLink(link, fixture());
        var w = new WorkerOptions(1, 1_500, 8, 3, 100);
        return ServerConfig.defaults(dir.resolve("data"), models).withPort(0).withDatabase(jdbcUrl)
                .withDefaultModel("tiny-sd").withWorkers(w).withThreads(2).withShutdownGrace(Duration.ofSeconds(2));
    }

    /** Installs the shipped model {@code name} ({@code models/NAME} of the project) in the server's models folder. */
    public static void install(ServerConfig config, String name) throws IOException {
        Path link = config.modelsDir().resolve(name);
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, Path.of(System.getProperty("atelier.root")).resolve("models").resolve(name).toAbsolutePath().normalize());
        }
    }

    /** {@link #install}s each shipped model and returns {@code config}: a server tweak, {@code c -> installed(c, "atelier-image-2")}. */
    public static ServerConfig installed(ServerConfig config, String... names) {
        try {
            for (String name : names) install(config, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return config;
    }

    public static Path fixture() {
        return Path.of(System.getProperty("atelier.root")).resolve("../shared/fixtures/tiny-sd-onnx").toAbsolutePath().normalize();
    }

    public static TestServer start(Path dir, String jdbcUrl, UnaryOperator<ServerConfig> tweak) throws IOException {
        return new TestServer(tweak.apply(config(dir, jdbcUrl)), null);
    }

    /** A server with the safeguards {@code safety} opens. */
    public static TestServer start(Path dir, String jdbcUrl, dev.atelier.server.safety.SafeguardSetup safety) throws IOException {
        return new TestServer(config(dir, jdbcUrl), null, safety);
    }

    /** Starts another server on the same database and data folder, with the same key. */
    public TestServer restart(UnaryOperator<ServerConfig> tweak) {
        return new TestServer(tweak.apply(config), key);
    }

    public String url(String path) {
        return server.baseUrl() + path;
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + key).GET());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + key).DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> bytes(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Polls the job until it reaches a terminal state. */
    public JsonNode awaitJob(String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode j = json(get("/v1/images/jobs/" + id));
            String s = j.path("status").asText();
            if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) return j;
            if (System.nanoTime() > end) throw new AssertionError("job " + id + " still " + s + ": " + j);
            Thread.sleep(50);
        }
    }

    /** Polls the job until it is running. */
    public JsonNode awaitRunning(String id) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode j = json(get("/v1/images/jobs/" + id));
            if (j.path("status").asText().equals("running") && j.path("progress").path("step").asInt() > 0) return j;
            if (System.nanoTime() > end) throw new AssertionError("job " + id + " never ran: " + j);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
