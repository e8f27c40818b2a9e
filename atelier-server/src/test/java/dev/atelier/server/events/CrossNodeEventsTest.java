package dev.atelier.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.ServerConfig;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API node ({@code --workers 0}) and a worker node on one PostgreSQL database, as two machines would run them (one
 * JVM here, each with its own pool and its own listening connection). The worker node polls for jobs only every ten
 * minutes and the API node's followers re-read their job only every 15 s, so what happens within a test's time happens
 * through the event bus.
 */
class CrossNodeEventsTest {
    static final long IDLE_POLL_MILLIS = 600_000;

    @TempDir
    Path dir;
    String url;
    TestServer api;
    TestServer worker;

    @BeforeEach
    void startApiNode() throws Exception {
        url = TestDatabases.fresh("postgresql", dir);
        // synchronous requests give up (503) before their first re-read of the job: only the bus can end them in time
        api = TestServer.start(dir, url, c -> withSyncTimeout(c.withWorkers(c.workers().withWorkers(0)), Duration.ofSeconds(12)));
        awaitListening(api);
    }

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
        api.close();
    }

    void startWorkerNode() throws Exception {
        // same data folder: the API node serves the images the worker stores
        worker = TestServer.start(dir, url, c -> c.withWorkers(new WorkerOptions(1, 1_500, 8, 3, IDLE_POLL_MILLIS)));
        awaitListening(api, worker);
    }

    @Test
    void aFollowerOnTheApiNodeGetsEveryStepAndTheResultOfAJobRunOnTheWorkerNode() throws Exception {
        String id = TestServer.json(api.post("/v1/images/jobs", "{\"prompt\": \"far away\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 6}"))
                .path("id").asText();
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url("/v1/images/jobs/" + id + "/events")))
                .header("Authorization", "Bearer " + api.key).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = r.body().iterator();
        var first = next(lines);
        assertThat(first.name()).isEqualTo("job.status");
        assertThat(first.data().path("status").asText()).isEqualTo("queued");

        startWorkerNode(); // no worker anywhere until the follower listens: it can miss nothing
        var events = new ArrayList<Event>();
        while (lines.hasNext()) {
            Event e = next(lines);
            events.add(e);
            if (!e.name().equals("job.progress")) break;
        }
        assertThat(events.getLast().name()).isEqualTo("job.succeeded");
        assertThat(events.getLast().data().path("result").path("data")).hasSize(1);
        var progress = events.subList(0, events.size() - 1);
        int total = progress.getFirst().data().path("total_steps").asInt();
        assertThat(total).isGreaterThanOrEqualTo(6); // the scheduler may add a step to those asked for
        assertThat(progress.stream().map(e -> e.data().path("step").asInt()).toList())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
    }

    @Test
    void aStreamedGenerationOnTheApiNodeGetsThePreviewsTheWorkerNodeDraws() throws Exception {
        startWorkerNode();
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url("/v1/images/generations")))
                .header("Authorization", "Bearer " + api.key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"previews\", \"stream\": true, \"partial_images\": 2, "
                        + "\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 6}")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        var events = new ArrayList<Event>();
        Iterator<String> lines = r.body().iterator();
        do events.add(next(lines)); while (!events.getLast().name().endsWith(".completed") && !events.getLast().name().equals("error"));
        assertThat(events).extracting(Event::name).containsExactly("image_generation.partial_image", "image_generation.partial_image",
                "image_generation.completed");
        assertThat(events).extracting(e -> e.data().path("partial_image_index").asInt(-1)).containsExactly(0, 1, -1);
        for (Event e : events) {
            byte[] png = java.util.Base64.getDecoder().decode(e.data().path("b64_json").asText());
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(64);
        }
        worker.close(); // the previews it shared go with it (or 30 s after their job ends)
        worker = null;
        try (var files = java.nio.file.Files.walk(api.config.dataDir())) {
            assertThat(files.filter(f -> f.toString().endsWith(".bin")).toList()).isEmpty();
        }
    }

    @Test
    void aSynchronousRequestOnTheApiNodeAnswersWhenTheWorkerNodeFinishes() throws Exception {
        startWorkerNode();
        var r = api.post("/v1/images/generations", "{\"prompt\": \"now\", \"response_format\": \"url\", " + TestServer.SMALL + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String link = TestServer.json(r).path("data").get(0).path("url").asText();
        assertThat(api.bytes(link).statusCode()).isEqualTo(200);
    }

    @Test
    void anIdleWorkerOnAnotherNodeTakesAJobSubmittedOnTheApiNode() throws Exception {
        startWorkerNode();
        // the worker node's first look for work is over once it has run this job; it then idles for ten minutes
        String warm = submit("{\"prompt\": \"first\", " + TestServer.SMALL + "}");
        assertThat(api.awaitJob(warm, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("succeeded");
        Thread.sleep(300); // let it go back to waiting
        String next = submit("{\"prompt\": \"second\", \"seed\": 2, " + TestServer.SMALL + "}");
        assertThat(api.awaitJob(next, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("succeeded");
    }

    String submit(String body) throws Exception {
        var r = api.post("/v1/images/jobs", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return TestServer.json(r).path("id").asText();
    }

    record Event(String name, JsonNode data) {
    }

    static Event next(Iterator<String> lines) throws Exception {
        String name = null;
        while (lines.hasNext()) {
            String l = lines.next();
            if (l.startsWith("event: ")) name = l.substring(7);
            else if (l.startsWith("data: ")) return new Event(name, TestServer.JSON.readTree(l.substring(6)));
        }
        throw new AssertionError("the stream ended after event " + name);
    }

    static void awaitListening(TestServer... servers) throws InterruptedException {
        PostgresEventBusTest.awaitConnected(List.of(servers).stream()
                .map(s -> (PostgresEventBus) s.server.backend().events().bus()).toArray(PostgresEventBus[]::new));
    }

    // the config with another synchronous timeout: every other component copied, whatever components the record grows
    static ServerConfig withSyncTimeout(ServerConfig c, Duration t) {
        var parts = ServerConfig.class.getRecordComponents();
        var types = new Class<?>[parts.length];
        var values = new Object[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                values[i] = parts[i].getName().equals("syncTimeout") ? t : parts[i].getAccessor().invoke(c);
            }
            return ServerConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
