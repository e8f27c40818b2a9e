package dev.atelier.server.events;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.jobs.WorkerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test but a measurement, run by {@code scripts/bench-events} (and skipped otherwise): how long a worker's
 * step takes to reach an SSE follower on another node, over PostgreSQL LISTEN/NOTIFY. Both nodes are in this JVM, so
 * one clock times both ends: the worker node's own listener hears the step as the worker publishes it, the follower
 * reads {@code job.progress} from the API node's socket. Prints the numbers; asserts nothing.
 */
@EnabledIfEnvironmentVariable(named = "ATELIER_BENCH_EVENTS", matches = "\\d+")
class CrossNodeLatencyBench {
    static final Path RESULTS = Path.of("target", "bench-events.txt");
    @TempDir
    Path dir;

    @Test
    void stepToRemoteSseEvent() throws Exception {
        int steps = Integer.parseInt(System.getenv("ATELIER_BENCH_EVENTS"));
        java.nio.file.Files.deleteIfExists(RESULTS);
        String url = TestDatabases.fresh("postgresql", dir);
        try (var api = TestServer.start(dir, url, c -> c.withWorkers(c.workers().withWorkers(0)));
             var worker = TestServer.start(dir, url, c -> c.withWorkers(new WorkerOptions(1, 1_500, 8, 3, 600_000)))) {
            CrossNodeEventsTest.awaitListening(api, worker);
            run(api, worker, 10); // warm-up: the model's sessions, the connections, the JIT
            print("step -> SSE event on the other node (LISTEN/NOTIFY)", run(api, worker, steps));
            print("step -> SSE event on the worker's own node (in-process)", run(worker, worker, steps));
        }
    }

    // one job of `steps` steps submitted on the API node, followed there, run on the worker node: delay per step, in ms
    static double[] run(TestServer api, TestServer worker, int steps) throws Exception {
        var r = api.post("/v1/images/jobs", "{\"prompt\": \"latency\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": " + steps + "}");
        String id = TestServer.json(r).path("id").asText();
        Map<Integer, Long> published = new ConcurrentHashMap<>();
        try (var heard = worker.server.backend().events().subscribe(id, e -> {
            if (e instanceof JobEvent.Progress p) published.put(p.step(), System.nanoTime());
        })) {
            var sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url("/v1/images/jobs/" + id + "/events")))
                    .header("Authorization", "Bearer " + api.key).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
            var delays = new ArrayList<Double>();
            var lines = sse.body().iterator();
            while (lines.hasNext()) {
                var e = CrossNodeEventsTest.next(lines);
                long now = System.nanoTime();
                if (!e.name().equals("job.progress") && !e.name().equals("job.status")) break;
                Long at = published.get(e.data().path("step").asInt(-1));
                if (e.name().equals("job.progress") && at != null) delays.add((now - at) / 1e6);
            }
            return delays.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    // to standard output and to target/bench-events.txt, which the script shows (the servers' logs share the output)
    static void print(String what, double[] ms) throws java.io.IOException {
        Arrays.sort(ms);
        String line = String.format("cross-node events: %s: %d steps, p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", what, ms.length,
                at(ms, 0.50), at(ms, 0.95), ms[ms.length - 1]);
        System.out.print(line);
        java.nio.file.Files.writeString(RESULTS, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
