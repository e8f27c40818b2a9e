package dev.atelier.server.bench;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.ServerConfig;
import dev.atelier.server.jobs.WorkerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Loopback load test of {@code POST /v1/images/generations}: starts a server on a fresh SQLite database, then
 * (1) closed loops of 1, 4 and 16 concurrent clients, each request one image of its own prompt (from a list), printing
 * images/s and p50/p95 latency, with batching across requests off ({@code --batch-max 1}) and then on (the defaults:
 * {@link WorkerOptions#DEFAULT_BATCH_MAX} images, {@link WorkerOptions#DEFAULT_BATCH_WAIT_MILLIS} ms), each on a
 * fresh server, and (2) an open loop at 4x the measured capacity, printing how many requests got 200, 429 and 503,
 * and checking that every accepted job finished (none lost). Run with {@code scripts/loadtest}.
 *
 * <p>Arguments: {@code MODELS_DIR MODEL SIZE STEPS [SECONDS_PER_PHASE [BATCHING]]}; BATCHING is {@code both} (the
 * default), {@code on} or {@code off}.
 */
public final class LoadTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LoadTest MODELS_DIR MODEL SIZE STEPS [SECONDS_PER_PHASE]");
            System.exit(2);
        }
        Path models = Path.of(args[0]);
        String model = args[1];
        String size = args[2];
        int steps = Integer.parseInt(args[3]);
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String batching = args.length > 5 ? args[5] : "both";
        if (!List.of("both", "on", "off").contains(batching)) {
            System.err.println("BATCHING must be both, on or off, got " + batching);
            System.exit(2);
        }
        double capacity = 0;
        for (boolean on : new boolean[] {false, true}) {
            if (batching.equals(on ? "off" : "on")) continue;
            boolean last = on || batching.equals("off");
            Path data = Files.createTempDirectory("atelier-load");
            ServerConfig config = ServerConfig.defaults(data, models).withPort(0).withDefaultModel(model).withQueue(16);
            WorkerOptions w = config.workers();
            config = config.withWorkers(on ? w.withBatching(WorkerOptions.DEFAULT_BATCH_MAX, WorkerOptions.DEFAULT_BATCH_WAIT_MILLIS)
                    : w.withBatching(1, 0));
            try (AtelierServer server = AtelierServer.start(config)) {
                String key = server.keys().create("load", 1_000_000, 10_000_000).secret();
                var counter = new AtomicInteger();
                Supplier<String> body = () -> "{\"model\": \"" + model + "\", \"prompt\": \""
                        + PROMPTS.get(counter.getAndIncrement() % PROMPTS.size()) + "\", \"size\": \"" + size
                        + "\", \"steps\": " + steps + "}";
                URI uri = URI.create(server.baseUrl() + "/v1/images/generations");
                System.out.printf("model %s, %s, %d steps, %d workers x %d threads, %d cores, %d s per phase; batching %s "
                        + "(--batch-max %d, --batch-wait-ms %d)%n", model, size, steps, config.workers().workers(),
                        config.pipelineThreads(), Runtime.getRuntime().availableProcessors(), seconds, on ? "on" : "off",
                        config.workers().maxBatchImages(), config.workers().batchWaitMillis());
                closedLoop(uri, key, body, 1, 3);  // warm-up: loads the model
                closedLoop(uri, key, body, 4, 3);  // and the batch shapes
                System.out.println("clients  images  images/s   p50 ms   p95 ms   errors");
                for (int clients : new int[] {1, 4, 16}) {
                    Result r = closedLoop(uri, key, body, clients, seconds);
                    capacity = Math.max(capacity, r.perSecond());
                    System.out.printf("%7d  %6d  %8.2f  %7.0f  %7.0f   %d%n", clients, r.latencies.size(), r.perSecond(),
                            r.percentile(50), r.percentile(95), r.errors);
                }
                if (last) overload(server, uri, body.get(), capacity, seconds);
            }
        }
    }

    /** Prompts the clients cycle through: batching must not depend on requests being alike. */
    private static final List<String> PROMPTS = List.of("a red apple on a table", "a cat", "a rocket", "a house by a lake",
            "a dog left of a tree", "a yellow star", "a cup of coffee", "a pizza");

    record Result(List<Double> latencies, int errors, double seconds) {
        double perSecond() {
            return latencies.size() / seconds;
        }

        double percentile(int p) {
            if (latencies.isEmpty()) return Double.NaN;
            var sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    private static Result closedLoop(URI uri, String key, Supplier<String> body, int clients, int seconds) throws InterruptedException {
        List<Double> lat = Collections.synchronizedList(new ArrayList<>());
        var errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status = post(uri, key, body.get());
                    if (status == 200) lat.add((System.nanoTime() - t0) / 1e6);
                    else errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) t.join();
        return new Result(lat, errors.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Open loop at 4x capacity: each request is sent on schedule whether or not earlier ones were answered. */
    private static void overload(AtelierServer server, URI uri, String body, double capacity, int seconds) throws Exception {
        // a key whose per-minute limit is a quarter of the capacity, so both the queue bound and the key's rate are reached
        int perMinute = Math.max(1, (int) Math.round(capacity * 60 / 4));
        String key = server.keys().create("overload", perMinute, 10_000_000).secret();
        double rate = capacity * 4;
        int total = Math.max(8, (int) Math.round(rate * seconds));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        var threads = new ArrayList<Thread>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            threads.add(Thread.ofVirtual().start(() ->
                    statuses.computeIfAbsent(post(uri, key, body), s -> new AtomicInteger()).incrementAndGet()));
        }
        for (Thread t : threads) t.join();
        double took = (System.nanoTime() - start) / 1e9;
        var counts = new TreeMap<Integer, Integer>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        int ok = counts.getOrDefault(200, 0);
        int finished = server.backend().database().withConnection(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT COUNT(*) FROM jobs j JOIN api_keys k ON k.id = j.key_id WHERE k.name = 'overload' AND j.state = 'succeeded'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        int unfinished = server.backend().database().withConnection(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        System.out.printf("overload: %d requests at %.2f/s (4x capacity %.2f/s) over %.0f s; key limit %d images/min, queue bound %d%n",
                total, rate, capacity, took, perMinute, 16);
        System.out.printf("  responses by status: %s%n", counts);
        System.out.printf("  200s %d, succeeded jobs %d, jobs left queued or running %d -> %s%n", ok, finished, unfinished,
                ok == finished && unfinished == 0 ? "none lost" : "MISMATCH");
    }

    private static int post(URI uri, String key, String body) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }
}
